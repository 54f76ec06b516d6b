package dev.lropoller.bench.fleet;

import dev.lropoller.bench.support.ForkedEmulator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link SharedWatchOutageRun} shows: per replica, how its watches ended and what its
 * shared watches' listener heard around the outage; fleet-wide, the GETs and quota at the
 * emulator and the leases after the restart.
 */
final class SharedWatchOutageReport {
  private SharedWatchOutageReport() {}

  /**
   * One replica's figures.
   *
   * @param id the replica
   * @param watches its watches
   * @param done watches that ended with their {@code done} snapshot
   * @param errors watches that ended in an error, by error type
   * @param unfinished watches that had not ended by the deadline
   * @param fellBack fall-backs heard
   * @param rejoined rejoins heard
   * @param firstFellBackSeconds the first fall-back after the stop, s (NaN for none)
   * @param lastRejoinedSeconds the last rejoin after the restart, s (NaN for none)
   * @param beforeStop fall-backs heard before Redis was stopped (checks slower than the check
   *     interval under load)
   * @param notRejoined names whose last event was a fall-back although their watch still got a
   *     snapshot over one check interval after this replica's first rejoin after the restart
   *     (so its connection was back): watches that stayed on their own loop with Redis back
   */
  record Replica(String id, int watches, int done, Map<String, Integer> errors, int unfinished,
      int fellBack, int rejoined, double firstFellBackSeconds, double lastRejoinedSeconds,
      int beforeStop, int notRejoined) {}

  /**
   * Reads one replica's result lines ({@code name end t1 t2 …}, µs) and listener events
   * ({@code fellBack|rejoined name µs}).
   */
  static Replica replica(String id, List<String> lines, List<String> events,
      RedisOutage.Times times, Duration check) {
    int done = 0;
    int unfinished = 0;
    Map<String, Integer> errors = new TreeMap<>();
    Map<String, Long> lastSnapshot = new HashMap<>();
    for (String line : lines) {
      String[] w = line.split(" ");
      if (w[1].equals("done")) {
        done++;
      } else if (w[1].equals("unfinished")) {
        unfinished++;
      } else {
        errors.merge(w[1], 1, Integer::sum);
      }
      lastSnapshot.put(w[0], w.length > 2 ? Long.parseLong(w[w.length - 1]) : 0L);
    }
    int fellBack = 0;
    int rejoined = 0;
    int beforeStop = 0;
    long firstFellBack = Long.MAX_VALUE;
    long lastRejoined = Long.MIN_VALUE;
    long firstRejoinedAfterRestart = Long.MAX_VALUE;
    Map<String, String> lastEvent = new HashMap<>();
    for (String event : events) {
      String[] w = event.split(" ");
      long at = Long.parseLong(w[2]);
      lastEvent.put(w[1], w[0]);
      if (w[0].equals("fellBack")) {
        fellBack++;
        if (at < times.stoppedMicros()) {
          beforeStop++;
        } else {
          firstFellBack = Math.min(firstFellBack, at);
        }
      } else {
        rejoined++;
        lastRejoined = Math.max(lastRejoined, at);
        if (at > times.restartedMicros()) {
          firstRejoinedAfterRestart = Math.min(firstRejoinedAfterRestart, at);
        }
      }
    }
    int notRejoined = 0;
    for (Map.Entry<String, String> e : lastEvent.entrySet()) {
      if (e.getValue().equals("fellBack")
          && firstRejoinedAfterRestart != Long.MAX_VALUE
          && lastSnapshot.getOrDefault(e.getKey(), 0L)
              > firstRejoinedAfterRestart + check.toNanos() / 1000) {
        notRejoined++;
      }
    }
    return new Replica(id, lines.size(), done, errors, unfinished, fellBack, rejoined,
        firstFellBack == Long.MAX_VALUE ? Double.NaN
            : (firstFellBack - times.stoppedMicros()) / 1e6,
        lastRejoined == Long.MIN_VALUE ? Double.NaN
            : (lastRejoined - times.restartedMicros()) / 1e6,
        beforeStop, notRejoined);
  }

  /** The replica table and the fleet-wide lines. */
  static String render(List<Replica> replicas, ForkedEmulator.Stats stats, int operations,
      int polls, long doneAtEmulator, Map<String, Integer> leasesAfter, long stillRunning,
      int perMinute, int replicaCount) {
    StringBuilder b = new StringBuilder();
    b.append("| replica | watches | ended done | errors | unfinished | fall-backs heard"
        + " | of them before the stop | rejoins heard | first fall-back, s after the stop"
        + " | last rejoin, s after the restart | fell back, not rejoined, still watched |\n"
        + "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Replica r : replicas) {
      b.append(String.format("| %s | %,d | %,d | %s | %,d | %,d | %,d | %,d | %.1f | %.1f | %,d |%n",
          r.id(), r.watches(), r.done(), r.errors().isEmpty() ? "0" : r.errors().toString(),
          r.unfinished(), r.fellBack(), r.beforeStop(), r.rejoined(), r.firstFellBackSeconds(),
          r.lastRejoinedSeconds(), r.notRejoined()));
    }
    int busiest = stats.projects().stream().mapToInt(ForkedEmulator.ProjectRate::maxPerMinute)
        .max().orElse(0);
    long quota429s = stats.projects().stream().mapToLong(ForkedEmulator.ProjectRate::quota429s)
        .sum();
    double perOp = (double) stats.requests() / operations;
    b.append(String.format("%nGETs at the emulator %,d: %.2f per operation against one loop's %d"
            + " (overlap %.2f); done at the emulator %,d of %,d.%n",
        stats.requests(), perOp, polls, perOp - polls, doneAtEmulator, operations));
    b.append(String.format("Busiest 60 s of any project at the emulator: %,d (quota and"
            + " maxRequestsPerMinute %,d; fallback share per replica %,d); quota 429s: %,d.%n",
        busiest, perMinute, Math.max(1, perMinute / replicaCount), quota429s));
    b.append("Leases read after the restart: ").append(leasesAfter)
        .append(String.format(" of %,d names still running then.", stillRunning));
    return b.toString();
  }
}
