package dev.lropoller.bench.fleet;

import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.support.ForkedEmulator;
import dev.lropoller.bench.support.ForkedEmulatorMain;
import dev.lropoller.redis.RedisSharedWatches;
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

/**
 * Fleet-shared watches through a Redis outage, measured at the emulator (issue 16): N replica
 * JVMs ({@link SharedWatchReplicaMain}) watch every one of the operations through
 * {@code RedisSharedWatches}, each poller with {@code maxRequestsPerMinute} on the fleet budget
 * on the same {@code redis-server}, against a forked emulator that enforces that quota per
 * project. {@code --outage-at} after the start, Redis is stopped for {@code --outage} and started
 * again empty ({@link RedisOutage}). The table shows whether every watch on every replica ended
 * with its {@code done} snapshot, the errors, the GETs against one loop per operation, each
 * project's busiest 60 s at the emulator and its quota 429s, the fall-backs and rejoins each
 * replica's listener heard, and how many names had a lease again after the restart (fleet mode
 * back).
 *
 * <p>Run: {@code java -cp … dev.lropoller.bench.fleet.SharedWatchOutageRun} (flags:
 * {@code --operations --polls --interval --projects --per-minute --replicas --lease --check
 * --outage-at --outage --redis-timeout --deadline --leases-after}). The leases are read
 * {@code --leases-after} (default 40 s) after the restart: a replica finds the restarted Redis
 * after Lettuce's reconnect delay, which grows during the outage (up to 30 s by default).
 */
public final class SharedWatchOutageRun {
  private static final List<String> FLAGS = List.of("--operations", "--polls", "--interval",
      "--projects", "--per-minute", "--replicas", "--lease", "--check", "--outage-at", "--outage",
      "--redis-timeout", "--deadline", "--leases-after");

  private SharedWatchOutageRun() {}

  /**
   * Runs the outage and prints the table.
   *
   * @param args see the class comment
   * @throws Exception if a child, Redis or a file fails
   */
  public static void main(String[] args) throws Exception {
    CommandLine cl = CommandLine.parse(args, FLAGS, List.of());
    int n = cl.atLeast("--operations", 1, 1000);
    int polls = cl.atLeast("--polls", 2, 20);
    int projects = cl.atLeast("--projects", 1, 20);
    int perMinute = cl.atLeast("--per-minute", 1, 600);
    int replicas = cl.atLeast("--replicas", 2, 3);
    Duration interval = cl.duration("--interval", Duration.ofSeconds(10));
    Duration lease = cl.duration("--lease", Duration.ofSeconds(3));
    Duration check = cl.duration("--check", Duration.ofSeconds(1));
    Duration outageAt = cl.duration("--outage-at", Duration.ofSeconds(30));
    Duration outage = cl.duration("--outage", Duration.ofSeconds(30));
    Duration deadline = cl.duration("--deadline", Duration.ofSeconds(300));
    System.out.println("# lro-poller shared-watch outage run " + Instant.now() + ", load " + load());
    System.out.println("args: " + String.join(" ", args));
    Path dir = Files.createTempDirectory("shared-watch-outage");
    try (RedisServerProcess redis = RedisServerProcess.start();
        ForkedEmulator emulator = ForkedEmulator.plain(2, "512m", perMinute)) {
      System.out.println("Redis " + redis.version() + " from " + redis.origin());
      List<String> names = emulator.start(n, polls, projects);
      Path file = dir.resolve("names.txt");
      Files.write(file, names);
      List<ForkedReplica> children = new ArrayList<>();
      try {
        for (int r = 0; r < replicas; r++) {
          children.add(new ForkedReplica(SharedWatchReplicaMain.class,
              SharedWatchReplicaMain.READY, SharedWatchReplicaMain.DONE, "256m", List.of(
                  "--emulator", emulator.baseUri().toString(),
                  "--redis-port", Integer.toString(redis.port()), "--names", file.toString(),
                  "--lease", lease.toMillis() + "ms", "--check", check.toMillis() + "ms",
                  "--interval", interval.toMillis() + "ms", "--deadline", deadline.toSeconds() + "s",
                  "--per-minute", Integer.toString(perMinute),
                  "--replicas", Integer.toString(replicas),
                  "--redis-timeout", cl.duration("--redis-timeout", Duration.ofSeconds(5)).toMillis() + "ms",
                  "--events", dir.resolve("r" + r + "-events.txt").toString(),
                  "--id", "r" + r, "--start-at", Integer.toString(r * n / replicas)),
              dir.resolve("r" + r + ".txt")));
        }
        for (ForkedReplica c : children) {
          c.awaitReady();
        }
        long goAt = ForkedEmulatorMain.micros(Instant.now());
        for (ForkedReplica c : children) {
          c.go();
        }
        RedisOutage fault = RedisOutage.schedule(redis, outageAt, outage);
        RedisOutage.Times times = fault.await();
        System.out.println("Redis stopped " + seconds(times.stoppedMicros() - goAt)
            + " s after go, back " + seconds(times.restartedMicros() - goAt) + " s; "
            + times.persistence() + ", marker survived the restart: " + times.markerSurvived());
        long emptyMemory = usedMemory(redis);
        // Wall clock by design: the replicas are other processes.
        Thread.sleep(cl.duration("--leases-after", Duration.ofSeconds(40)).toMillis());
        Map<String, SharedWatchTakeovers.Lease> leases = SharedWatchTakeovers.leases(redis, names);
        long memory = usedMemory(redis) - emptyMemory;
        String keys = redis.query("DBSIZE");
        long watchBytes = watchKeyBytes(redis, names);
        long leasedAt = ForkedEmulatorMain.micros(Instant.now());
        List<SharedWatchOutageReport.Replica> rows = new ArrayList<>();
        for (int r = 0; r < replicas; r++) {
          List<String> lines = Files.readAllLines(children.get(r).awaitResult());
          List<String> events = Files.readAllLines(dir.resolve("r" + r + "-events.txt"));
          rows.add(SharedWatchOutageReport.replica("r" + r, lines, events, times, check));
        }
        ForkedEmulator.Stats stats = emulator.stats();
        long doneAtEmulator = Arrays.stream(stats.doneAtMicros()).filter(t -> t > 0).count();
        long stillRunning = Arrays.stream(stats.doneAtMicros())
            .filter(t -> t == 0 || t > leasedAt).count();
        System.out.println();
        System.out.println(SharedWatchOutageReport.render(rows, stats, n, polls, doneAtEmulator,
            SharedWatchTakeovers.counts(leases), stillRunning, perMinute, replicas));
        System.out.printf("Redis at the lease read: %s keys, used_memory %,d KB over the empty"
            + " restarted server (budget and watch keys); the watch keys (lease and snapshot of"
            + " each name, MEMORY USAGE) %,d KB, %,d B per leased name%n", keys, memory / 1024,
            watchBytes / 1024, leases.isEmpty() ? 0 : watchBytes / leases.size());
      } finally {
        children.forEach(ForkedReplica::close);
      }
    }
    System.out.println("load at the end " + load());
    System.exit(0);
  }

  /** The bytes of every name's lease and snapshot key, summed in one script on the server. */
  private static long watchKeyBytes(RedisServerProcess redis, List<String> names) {
    List<String> command = new ArrayList<>(List.of("EVAL", "local s = 0 for _, k in ipairs(KEYS)"
        + " do s = s + (redis.call('MEMORY', 'USAGE', k) or 0) end return s",
        Integer.toString(2 * names.size())));
    for (String name : names) {
      String tagged = RedisSharedWatches.DEFAULT_KEY_PREFIX + "{" + name + "}";
      command.add(tagged + ":lease");
      command.add(tagged + ":snapshot");
    }
    return Long.parseLong(redis.query(command.toArray(String[]::new)).trim());
  }

  private static long usedMemory(RedisServerProcess redis) {
    return redis.query("INFO", "memory").lines().filter(l -> l.startsWith("used_memory:"))
        .mapToLong(l -> Long.parseLong(l.substring("used_memory:".length()).trim()))
        .findFirst().orElse(0);
  }

  private static String seconds(long micros) {
    return String.format("%.1f", micros / 1e6);
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
