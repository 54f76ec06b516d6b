package dev.lropoller.bench.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * A class histogram of live objects (the JVM's {@code GC.class_histogram}, which runs a full GC
 * first), read in-process through the {@code DiagnosticCommand} MBean, and the difference of two
 * such histograms: what N waiting watches retain, by type.
 */
final class HeapCensus {
  private HeapCensus() {}

  /** Instances and bytes of one class. */
  record Row(String type, long instances, long bytes) {}

  /** Live objects by class name, after a full GC. */
  static Map<String, Row> histogram() {
    String text;
    try {
      text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
    } catch (Exception e) {
      throw new IllegalStateException("GC.class_histogram failed: " + e, e);
    }
    Map<String, Row> rows = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] w = line.trim().split("\\s+");
      // " 1:   1234   56789  java.lang.String (java.base@17)"
      if (w.length >= 4 && w[0].endsWith(":")) {
        rows.put(w[3], new Row(w[3], Long.parseLong(w[1]), Long.parseLong(w[2])));
      }
    }
    return rows;
  }

  /** The {@code top} types that grew most in bytes from {@code before} to {@code after}. */
  static List<Row> grown(Map<String, Row> before, Map<String, Row> after, int top) {
    List<Row> grown = new ArrayList<>();
    after.forEach((type, a) -> {
      Row b = before.get(type);
      long bytes = a.bytes() - (b == null ? 0 : b.bytes());
      long n = a.instances() - (b == null ? 0 : b.instances());
      if (bytes > 0) {
        grown.add(new Row(type, n, bytes));
      }
    });
    grown.sort(Comparator.comparingLong(Row::bytes).reversed());
    return grown.subList(0, Math.min(top, grown.size()));
  }

  /** A markdown table of {@code rows} divided by {@code watches}. */
  static String perWatch(String contender, List<Row> rows, int watches) {
    StringBuilder b = new StringBuilder();
    b.append("| ").append(contender).append(": type | instances/watch | bytes/watch |\n|---|--:|--:|\n");
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f |%n", r.type(),
          r.instances() / (double) watches, r.bytes() / (double) watches));
    }
    return b.toString();
  }
}
