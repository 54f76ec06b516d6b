package dev.lropoller.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summarises several rounds of a load run. The contender measured first in a JVM pays for JIT
 * compilation that the later ones reuse (seen here: the same contender at 150 µs/poll first and
 * 92 µs/poll last), so rounds rotate the order and the summary takes each contender's median.
 */
final class RoundSummary {
  private RoundSummary() {}

  static List<String> rotate(List<String> contenders, int round) {
    List<String> order = new ArrayList<>(contenders.size());
    for (int i = 0; i < contenders.size(); i++) {
      order.add(contenders.get((i + round) % contenders.size()));
    }
    return order;
  }

  /** Median client-JVM CPU µs per poll per contender and operation count, with ratios to raw's median. */
  static String table(List<RunResult> results, List<String> contenders) {
    Map<Integer, Map<String, List<Double>>> byOps = new TreeMap<>();
    for (RunResult r : results) {
      byOps.computeIfAbsent(r.operations(), k -> new TreeMap<>())
          .computeIfAbsent(r.contender(), k -> new ArrayList<>())
          .add(r.clientCpuMicrosPerPoll());
    }
    StringBuilder out = new StringBuilder(
        "| ops | contender | client CPU µs/poll per round (in run order) | median | ×raw (medians) |\n"
            + "|--:|---|---|--:|--:|\n");
    for (Map.Entry<Integer, Map<String, List<Double>>> e : byOps.entrySet()) {
      Double raw = e.getValue().containsKey("raw") ? median(e.getValue().get("raw")) : null;
      for (String id : contenders) {
        List<Double> values = e.getValue().get(id);
        if (values == null) {
          continue;
        }
        double median = median(values);
        out.append(String.format(Locale.ROOT, "| %,d | %s | %s | %.1f | %s |%n", e.getKey(), id,
            values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList(), median,
            raw == null ? "n/a" : String.format(Locale.ROOT, "%.2f", median / raw)));
      }
    }
    return out.toString();
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
