package dev.lropoller.bench.fleet;

import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.support.ForkedEmulator;
import dev.lropoller.bench.support.ForkedEmulatorMain;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fleet-shared watches measured at the emulator (issue 16): N replica JVMs
 * ({@link SharedWatchReplicaMain}), each watching every one of the operations through
 * {@code RedisSharedWatches} on one real {@code redis-server}, against a forked emulator whose
 * operations answer {@code done} at their {@code --polls}-th GET. One loop per operation for the
 * whole fleet is exactly {@code polls} GETs per operation; more is overlap. Row {@code steady}
 * runs them all; row {@code kill} kills one replica ({@code destroyForcibly}) {@code --kill-after}
 * into the run and reports how its survivors' watches ended and, for the watches whose snapshots
 * stopped at the kill (the names the killed replica polled), how long after the kill the next
 * one arrived: the takeover.
 *
 * <p>Run: {@code java -cp … dev.lropoller.bench.fleet.SharedWatchRun --operations 1000}
 * (flags: {@code --operations --polls --interval --lease --check --replicas --kill-after}).
 */
public final class SharedWatchRun {
  private static final List<String> FLAGS = List.of("--operations", "--polls", "--interval",
      "--lease", "--check", "--replicas", "--kill-after");

  private SharedWatchRun() {}

  /** The figures of one row. */
  record Row(String id, int operations, int polls, long requests, int watches, long doneOnce,
      long notDone, long[] takeoverMillis) {}

  /**
   * Runs both rows and prints a table.
   *
   * @param args see the class comment
   * @throws Exception if a child, Redis or a file fails
   */
  public static void main(String[] args) throws Exception {
    CommandLine cl = CommandLine.parse(args, FLAGS, List.of());
    int n = cl.atLeast("--operations", 1, 1000);
    int polls = cl.atLeast("--polls", 2, 12);
    int replicas = cl.atLeast("--replicas", 2, 3);
    Duration interval = cl.duration("--interval", Duration.ofSeconds(1));
    Duration lease = cl.duration("--lease", Duration.ofSeconds(3));
    Duration check = cl.duration("--check", Duration.ofSeconds(1));
    Duration killAfter = cl.duration("--kill-after", Duration.ofSeconds(4));
    System.out.println("# lro-poller shared-watch run " + Instant.now() + ", load " + load());
    System.out.println("args: " + String.join(" ", args));
    List<Row> rows = new ArrayList<>();
    Path dir = Files.createTempDirectory("shared-watch-run");
    try (RedisServerProcess redis = RedisServerProcess.start();
        ForkedEmulator emulator = ForkedEmulator.plain(2, "512m", 0)) {
      System.out.println("Redis " + redis.version() + " from " + redis.origin());
      for (String id : List.of("steady", "kill")) {
        List<String> names = emulator.start(n, polls, 10);
        Path file = dir.resolve(id + "-names.txt");
        Files.write(file, names);
        List<String> common = List.of("--emulator", emulator.baseUri().toString(),
            "--redis-port", Integer.toString(redis.port()), "--names", file.toString(),
            "--lease", lease.toMillis() + "ms", "--check", check.toMillis() + "ms",
            "--interval", interval.toMillis() + "ms", "--deadline", "120s");
        List<ForkedReplica> children = new ArrayList<>();
        try {
          for (int r = 0; r < replicas; r++) {
            List<String> a = new ArrayList<>(common);
            a.addAll(List.of("--id", id + "-r" + r));
            children.add(new ForkedReplica(SharedWatchReplicaMain.class,
                SharedWatchReplicaMain.READY, SharedWatchReplicaMain.DONE, "256m", a,
                dir.resolve(id + "-r" + r + ".txt")));
          }
          for (ForkedReplica c : children) {
            c.awaitReady();
          }
          for (ForkedReplica c : children) {
            c.go();
          }
          long killedAt = 0;
          List<ForkedReplica> survivors = children;
          if (id.equals("kill")) {
            Thread.sleep(killAfter.toMillis());
            killedAt = ForkedEmulatorMain.micros(Instant.now());
            children.get(0).kill();
            survivors = children.subList(1, children.size());
          }
          List<String> lines = new ArrayList<>();
          for (ForkedReplica c : survivors) {
            lines.addAll(Files.readAllLines(c.awaitResult()));
          }
          long requests = emulator.stats().requests();
          rows.add(row(id, n, polls, requests, lines, killedAt, interval));
          System.out.println(id + " finished, load " + load());
        } finally {
          children.forEach(ForkedReplica::close);
        }
      }
    }
    System.out.println();
    System.out.println(table(rows, lease, check, interval));
    System.exit(0);
  }

  /**
   * One row's figures from the survivors' result lines ({@code name end t1 t2 …}, µs). A watch
   * counts as taken over when the gap between its last snapshot before the kill and its first
   * after it exceeds 1.5 poll intervals; its takeover time is that first snapshot's delay after
   * the kill.
   */
  static Row row(String id, int n, int polls, long requests, List<String> lines, long killedAt,
      Duration interval) {
    long doneOnce = 0;
    long notDone = 0;
    List<Long> takeovers = new ArrayList<>();
    for (String line : lines) {
      String[] w = line.split(" ");
      if (w[1].equals("done")) {
        doneOnce++;
      } else {
        notDone++;
      }
      long[] t = Arrays.stream(w, 2, w.length).mapToLong(Long::parseLong).sorted().toArray();
      for (int i = 1; killedAt > 0 && i < t.length; i++) {
        if (t[i - 1] <= killedAt && t[i] > killedAt
            && t[i] - t[i - 1] > interval.toNanos() / 1000 * 3 / 2) {
          takeovers.add((t[i] - killedAt) / 1000);
        }
      }
    }
    return new Row(id, n, polls, requests, lines.size(), doneOnce, notDone,
        takeovers.stream().mapToLong(Long::longValue).sorted().toArray());
  }

  static String table(List<Row> rows, Duration lease, Duration check, Duration interval) {
    StringBuilder b = new StringBuilder();
    b.append("| row | operations | GETs at emulator | GETs per op | one loop | overlap per op"
        + " | survivor watches | ended done | not done | watches taken over"
        + " | takeover p50 / p99 / max (ms) |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Row r : rows) {
      double perOp = (double) r.requests() / r.operations();
      long[] t = r.takeoverMillis();
      String take = t.length == 0 ? "–" : pct(t, 0.50) + " / " + pct(t, 0.99) + " / " + t[t.length - 1];
      b.append(String.format("| %s | %,d | %,d | %.2f | %d | %.2f | %,d | %,d | %,d | %,d | %s |%n",
          r.id(), r.operations(), r.requests(), perOp, r.polls(), perOp - r.polls(), r.watches(),
          r.doneOnce(), r.notDone(), t.length, take));
    }
    b.append("\nbound for the takeover: lease ").append(lease.toMillis()).append(" ms + check ")
        .append(check.toMillis()).append(" ms = ").append(lease.plus(check).toMillis())
        .append(" ms; poll interval ").append(interval.toMillis()).append(" ms");
    return b.toString();
  }

  private static long pct(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
