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
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Fleet-shared watches measured at the emulator (issue 16): N replica JVMs
 * ({@link SharedWatchReplicaMain}), each watching every one of the operations through
 * {@code RedisSharedWatches} on one real {@code redis-server}, against a forked emulator whose
 * operations answer {@code done} at their {@code --polls}-th GET. One loop per operation for the
 * whole fleet is exactly {@code polls} GETs per operation; more is overlap. Replica {@code r}
 * starts its watches from name {@code r * operations / replicas} on, so each is first to check,
 * and so owns, about its share. Both rows read the leases from Redis {@code --kill-after} into the
 * run and report how many names each replica owns. Row {@code steady} runs them all; row
 * {@code kill} kills replica 0 ({@code destroyForcibly}) right after that read and reports how its
 * survivors' watches ended and, per name replica 0 owned, the takeover: from the kill to the first
 * snapshot any survivor got after that name's lease expired (before it, only replica 0 can have
 * published), and from the expiry to that snapshot. Survivor names with a gap over 1.5
 * poll intervals across the kill that replica 0 did not own are counted apart: load, not takeover.
 *
 * <p>Run: {@code java -cp … dev.lropoller.bench.fleet.SharedWatchRun --operations 1000}
 * (flags: {@code --operations --polls --interval --lease --check --replicas --kill-after}).
 */
public final class SharedWatchRun {
  private static final List<String> FLAGS = List.of("--operations", "--polls", "--interval",
      "--lease", "--check", "--replicas", "--kill-after");

  private SharedWatchRun() {}

  /** The figures of one row. */
  record Row(String id, int operations, int polls, long requests, long doneAtEmulator,
      Map<String, Integer> owned, int watches, long doneOnce, long notDone,
      SharedWatchTakeovers.Takeovers takeovers, ScriptRate scripts) {}

  /**
   * Redis's script calls (EVALSHA plus EVAL: lease checks, publishes, releases) over a row.
   *
   * @param calls the calls from the replicas' go to the last survivor's end
   * @param seconds that time
   * @param replicas the replicas started
   */
  record ScriptRate(long calls, double seconds, int replicas) {
    double perReplicaPerSecond() {
      return calls / seconds / replicas;
    }
  }

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
            a.addAll(List.of("--id", id + "-r" + r, "--start-at", Integer.toString(r * n / replicas)));
            children.add(new ForkedReplica(SharedWatchReplicaMain.class,
                SharedWatchReplicaMain.READY, SharedWatchReplicaMain.DONE, "256m", a,
                dir.resolve(id + "-r" + r + ".txt")));
          }
          for (ForkedReplica c : children) {
            c.awaitReady();
          }
          RedisSample before = RedisSample.of(redis);
          long goAt = System.nanoTime();
          for (ForkedReplica c : children) {
            c.go();
          }
          Thread.sleep(killAfter.toMillis());
          long readAt = ForkedEmulatorMain.micros(Instant.now());
          Map<String, SharedWatchTakeovers.Lease> leases = SharedWatchTakeovers.leases(redis, names);
          long killedAt = 0;
          List<ForkedReplica> survivors = children;
          if (id.equals("kill")) {
            killedAt = ForkedEmulatorMain.micros(Instant.now());
            children.get(0).kill();
            survivors = children.subList(1, children.size());
          }
          List<String> lines = new ArrayList<>();
          for (ForkedReplica c : survivors) {
            lines.addAll(Files.readAllLines(c.awaitResult()));
          }
          ScriptRate scripts = new ScriptRate(RedisSample.of(redis).scriptCalls()
              - before.scriptCalls(), (System.nanoTime() - goAt) / 1e9, replicas);
          ForkedEmulator.Stats stats = emulator.stats();
          long doneAtEmulator = Arrays.stream(stats.doneAtMicros()).filter(t -> t > 0).count();
          rows.add(row(id, n, polls, stats.requests(), doneAtEmulator, leases, lines,
              id + "-r0", readAt, killedAt, interval, scripts));
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
   * One row's figures.
   *
   * @param leases name to its lease, read just before the kill
   * @param lines the survivors' result lines ({@code name end t1 t2 …}, µs)
   * @param killed the killed replica's id
   * @param readAt when the leases were read, epoch µs
   * @param killedAt the kill, epoch µs, or 0 in a row without a kill
   * @param scripts Redis's script calls over the row
   */
  static Row row(String id, int n, int polls, long requests, long doneAtEmulator,
      Map<String, SharedWatchTakeovers.Lease> leases, List<String> lines, String killed, long readAt,
      long killedAt, Duration interval, ScriptRate scripts) {
    long done = lines.stream().filter(l -> l.split(" ")[1].equals("done")).count();
    Map<String, SharedWatchTakeovers.Lease> killedOwned = leases.entrySet().stream()
        .filter(e -> e.getValue().replica().equals(killed))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    return new Row(id, n, polls, requests, doneAtEmulator, SharedWatchTakeovers.counts(leases),
        lines.size(), done, lines.size() - done, killedAt == 0 ? null
            : SharedWatchTakeovers.measure(lines, killedOwned, readAt, killedAt, interval), scripts);
  }

  static String table(List<Row> rows, Duration lease, Duration check, Duration interval) {
    StringBuilder b = new StringBuilder();
    b.append("| row | operations | GETs at emulator | GETs per op | one loop | overlap per op"
        + " | done at emulator | leases per replica | survivor watches | ended done | not done"
        + " | killed replica's names taken over | takeover p50 / p99 / max (ms)"
        + " | after lease expiry p50 / p99 / max (ms)"
        + " | late snapshots of the killed | no snapshot after expiry | other names with a gap"
        + " | script calls per replica per s |\n"
        + "|---|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Row r : rows) {
      double perOp = (double) r.requests() / r.operations();
      SharedWatchTakeovers.Takeovers k = r.takeovers();
      long[] t = k == null ? new long[0] : k.millis();
      b.append(String.format(
          "| %s | %,d | %,d | %.2f | %d | %.2f | %,d | %s | %,d | %,d | %,d | %s | %s | %s | %s | %s | %s"
              + " | %s |%n",
          r.id(), r.operations(), r.requests(), perOp, r.polls(), perOp - r.polls(),
          r.doneAtEmulator(), owned(r.owned()), r.watches(), r.doneOnce(), r.notDone(),
          k == null ? "–" : String.format("%,d", t.length), spread(t),
          spread(k == null ? new long[0] : k.afterExpiryMillis()),
          k == null ? "–" : Integer.toString(k.lateFromKilled()),
          k == null ? "–" : Integer.toString(k.noSnapshotAfter()),
          k == null ? "–" : Integer.toString(k.otherGaps()),
          r.scripts() == null ? "–" : String.format("%,.0f (%,d in %.1f s)",
              r.scripts().perReplicaPerSecond(), r.scripts().calls(), r.scripts().seconds())));
    }
    b.append("\nbound for the takeover: lease ").append(lease.toMillis()).append(" ms + check ")
        .append(check.toMillis()).append(" ms = ").append(lease.plus(check).toMillis())
        .append(" ms; poll interval ").append(interval.toMillis()).append(" ms");
    return b.toString();
  }

  private static String owned(Map<String, Integer> owned) {
    StringBuilder b = new StringBuilder();
    owned.forEach((replica, count) -> b.append(b.length() == 0 ? "" : ", ")
        .append(replica.substring(replica.lastIndexOf('-') + 1)).append(' ').append(count));
    return b.length() == 0 ? "none" : b.toString();
  }

  private static String spread(long[] t) {
    return t.length == 0 ? "–" : pct(t, 0.50) + " / " + pct(t, 0.99) + " / " + t[t.length - 1];
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
