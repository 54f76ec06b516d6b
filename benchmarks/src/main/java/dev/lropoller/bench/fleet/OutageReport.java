package dev.lropoller.bench.fleet;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the {@code outage} row of {@link FleetLoadRun} shows: per replica, the degraded and
 * restored moves its listener heard and how long after the stop and the restart they came, and
 * the requests sent while Redis was down (and until fleet mode was back) against the fallback
 * share of {@code limit / replicas} per replica.
 */
final class OutageReport {
  private OutageReport() {}

  /**
   * The outage table and its summary lines.
   *
   * @param times when Redis stopped and came back, and what it kept
   * @param replicas each replica's result, replica 0 first
   * @param limit each replica's {@code maxRequestsPerMinute}
   * @return markdown
   */
  static String render(RedisOutage.Times times, List<ReplicaResult> replicas, int limit) {
    long stop = times.stoppedMicros();
    long back = times.restartedMicros();
    long lastRestored = back;
    for (ReplicaResult r : replicas) {
      for (ReplicaResult.Transition t : r.transitions()) {
        if (t.restored()) {
          lastRestored = Math.max(lastRestored, t.atMicros());
        }
      }
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "Redis down %.1f s; persistence %s; keys before the stop %d; data after the restart: %s%n%n",
        (back - stop) / 1e6, times.persistence(), times.keysBeforeStop(),
        times.markerSurvived() ? "KEPT (marker key survived)" : "lost (marker key gone)"));
    b.append("| replica | degraded heard | restored heard | first degraded, s after the stop"
        + " | last restored, s after Redis was back | sent while down, busiest project"
        + " | sent from the stop to the last restore, busiest project | fallback share per 60 s |\n"
        + "|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    Map<String, Long> fleetDown = new HashMap<>();
    Map<String, Long> fleetDegraded = new HashMap<>();
    int share = Math.max(1, limit / replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      ReplicaResult r = replicas.get(i);
      long degraded = r.transitions().stream().filter(t -> !t.restored()).count();
      long restored = r.transitions().size() - degraded;
      long firstDegraded = r.transitions().stream().filter(t -> !t.restored())
          .mapToLong(ReplicaResult.Transition::atMicros).min().orElse(0);
      long lastUp = r.transitions().stream().filter(ReplicaResult.Transition::restored)
          .mapToLong(ReplicaResult.Transition::atMicros).max().orElse(0);
      Map<String, Long> down = countIn(r, stop, back);
      Map<String, Long> untilRestored = countIn(r, stop, lastRestored);
      down.forEach((p, n) -> fleetDown.merge(p, n, Long::sum));
      untilRestored.forEach((p, n) -> fleetDegraded.merge(p, n, Long::sum));
      b.append(String.format(Locale.ROOT, "| %d | %d | %d | %s | %s | %d | %d | %d |%n", i,
          degraded, restored, seconds(firstDegraded, stop), seconds(lastUp, back), max(down),
          max(untilRestored), share));
    }
    b.append(String.format(Locale.ROOT,
        "%nFleet-wide, busiest project: %d sent while Redis was down (%.1f s), %d from the stop to"
            + " the last restore (%.1f s); fallback budget %d per 60 s (%d replicas × %d).%n",
        max(fleetDown), (back - stop) / 1e6, max(fleetDegraded), (lastRestored - stop) / 1e6,
        share * replicas.size(), replicas.size(), share));
    return b.toString();
  }

  /** Per project, the requests {@code r} sent in {@code [from, to)}. */
  static Map<String, Long> countIn(ReplicaResult r, long from, long to) {
    Map<String, Long> out = new HashMap<>();
    r.sentMicros().forEach((project, times) -> out.put(project,
        times.stream().filter(t -> t >= from && t < to).count()));
    return out;
  }

  private static long max(Map<String, Long> perProject) {
    return perProject.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  private static String seconds(long at, long since) {
    return at == 0 ? "—" : String.format(Locale.ROOT, "%.1f", (at - since) / 1e6);
  }
}
