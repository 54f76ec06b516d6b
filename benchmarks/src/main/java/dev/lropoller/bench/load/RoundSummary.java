package dev.lropoller.bench.load;

import dev.lropoller.bench.support.Rounds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summarises several rounds of a load run ({@link Rounds}: rotated order, each contender's median).
 */
final class RoundSummary {
  private RoundSummary() {}

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
      Double raw = e.getValue().containsKey("raw") ? Rounds.median(e.getValue().get("raw")) : null;
      for (String id : contenders) {
        List<Double> values = e.getValue().get(id);
        if (values == null) {
          continue;
        }
        double median = Rounds.median(values);
        out.append(String.format(Locale.ROOT, "| %,d | %s | %s | %.1f | %s |%n", e.getKey(), id,
            values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList(), median,
            raw == null ? "n/a" : String.format(Locale.ROOT, "%.2f", median / raw)));
      }
    }
    return out.toString();
  }
}
