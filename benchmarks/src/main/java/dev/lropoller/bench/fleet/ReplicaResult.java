package dev.lropoller.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one replica of {@link FleetLoadRun} reported in its result file.
 *
 * @param cpuNanos the replica JVM's CPU time from {@code go} to its last watch's end
 * @param unfinished watches still running at the deadline (then cancelled)
 * @param errors watches that ended with an error
 * @param coolDowns cool-downs the poller started after a 429
 * @param degraded budget keys that went to degraded mode
 * @param firstError the first error, or {@code "null"}
 * @param sentMicros per project, the instants (epoch µs) of the requests it sent
 * @param endedMicros per name, when its watch completed (epoch µs), 0 if it did not
 * @param transitions the degraded and restored moves the poller's listener heard, in order
 */
record ReplicaResult(long cpuNanos, long unfinished, int errors, int coolDowns, int degraded,
    String firstError, Map<String, List<Long>> sentMicros, Map<String, Long> endedMicros,
    List<Transition> transitions) {

  /** A result without transitions. */
  ReplicaResult(long cpuNanos, long unfinished, int errors, int coolDowns, int degraded,
      String firstError, Map<String, List<Long>> sentMicros, Map<String, Long> endedMicros) {
    this(cpuNanos, unfinished, errors, coolDowns, degraded, firstError, sentMicros, endedMicros,
        List.of());
  }

  /**
   * One move of a budget key between fleet and degraded mode.
   *
   * @param restored {@code true} for {@code budgetRestored}, {@code false} for
   *     {@code budgetDegraded}
   * @param key the budget key
   * @param atMicros when the listener heard it (epoch µs)
   */
  record Transition(boolean restored, String key, long atMicros) {
    /** The result-file line: {@code transition degraded|restored KEY T}. */
    String line() {
      return "transition " + (restored ? "restored " : "degraded ") + key + " " + atMicros;
    }
  }

  /**
   * Reads the file {@link FleetReplicaMain} writes: {@code key value} lines, then
   * {@code sent PROJECT T…} per project, {@code ended NAME T} per name and
   * {@code transition degraded|restored KEY T} per mode change.
   *
   * @param file the file
   * @return its content
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException for a line it does not know, quoting it
   */
  static ReplicaResult read(Path file) throws IOException {
    return parse(Files.readAllLines(file));
  }

  static ReplicaResult parse(List<String> lines) {
    Map<String, String> scalars = new HashMap<>();
    Map<String, List<Long>> sent = new TreeMap<>();
    Map<String, Long> ended = new HashMap<>();
    List<Transition> transitions = new ArrayList<>();
    for (String line : lines) {
      String[] w = line.split(" ");
      switch (w[0]) {
        case "sent" -> {
          List<Long> times = new ArrayList<>(w.length - 2);
          for (int i = 2; i < w.length; i++) {
            times.add(Long.parseLong(w[i]));
          }
          sent.put(w[1], times);
        }
        case "ended" -> ended.put(w[1], Long.parseLong(w[2]));
        case "transition" -> transitions.add(new Transition(
            "restored".equals(w[1]), w[2], Long.parseLong(w[3])));
        case "cpuNanos", "unfinished", "errors", "coolDowns", "degraded", "firstError" ->
            scalars.put(w[0], line.substring(w[0].length()).trim());
        default -> throw new IllegalArgumentException("unknown result line \"" + line + "\"");
      }
    }
    return new ReplicaResult(Long.parseLong(scalars.get("cpuNanos")),
        Long.parseLong(scalars.get("unfinished")), Integer.parseInt(scalars.get("errors")),
        Integer.parseInt(scalars.get("coolDowns")), Integer.parseInt(scalars.get("degraded")),
        scalars.get("firstError"), sent, ended, List.copyOf(transitions));
  }

  /** Requests this replica sent, over all projects. */
  long requests() {
    return sentMicros.values().stream().mapToLong(List::size).sum();
  }
}
