package dev.lropoller.bench.fleet;

import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.support.ForkedEmulator;
import dev.lropoller.bench.support.ForkedEmulatorMain;
import dev.lropoller.bench.support.UsageException;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet budget measured at the emulator (issue 16): one emulator child with a per-project
 * quota, one real {@code redis-server} ({@link RedisServerProcess}) and N poller replicas, each a
 * JVM of its own ({@link FleetReplicaMain}) with {@code maxRequestsPerMinute}, on the fleet budget
 * in Redis ({@code RedisRequestBudget}) or on local budgets only. Each row starts a fresh emulator
 * (its quota window empty) and flushes Redis, then starts every replica's watches at once.
 *
 * <p>Rows ({@code --rows}):
 * <ul>
 *   <li>{@code fleet}, {@code local}: even load, each replica at the full limit; the busiest 60 s
 *       per project at the emulator and its quota 429s;
 *   <li>{@code uneven-fleet}, {@code uneven-static}: replica 0 carries most operations
 *       ({@code --uneven-weights}); on the fleet budget, and as a static split (each replica at
 *       limit / replicas, local): replica 0's busiest 60 s per project against the quota;
 *   <li>{@code cost-fleet}, {@code cost-local}: CPU per poll at {@code --cost-operations}, with a
 *       limit that does not bind and no emulator quota, so both rows send the same requests;
 *       Redis's commands ({@code INFO commandstats}), CPU and {@code used_memory} deltas;
 *   <li>{@code outage} (only when named): the fleet budget with the watches' starts spread over
 *       {@code --outage-start-over}, so that keys ask all the time; {@code --outage-at} after
 *       {@code go} Redis is stopped for {@code --outage-for} and restarted empty
 *       ({@link RedisOutage}); the degraded and restored moves each replica heard and the
 *       requests sent meanwhile ({@link OutageReport}); {@code outage-control}: the same load
 *       with Redis up throughout.
 * </ul>
 * Each operation is done on its {@code --polls}-th GET, polled with
 * {@code PollPolicy.fixed(interval).withFirstPollDelay(interval)}: a short interval keeps a row
 * within a minute or two. A watch "ended as scripted" when it completed and the emulator had
 * answered it done no later; a completion the emulator never answered, or answered later, is a
 * mismatch.
 *
 * <pre>
 * java -cp benchmarks/target/lro-poller-benchmarks.jar dev.lropoller.bench.fleet.FleetLoadRun \
 *   --rows fleet,local,uneven-fleet,uneven-static,cost-fleet,cost-local
 * </pre>
 */
public final class FleetLoadRun {
  /** Every row id, in the default order. */
  public static final List<String> ROWS =
      List.of("fleet", "local", "uneven-fleet", "uneven-static", "cost-fleet", "cost-local");
  /** Rows run only when named: the Redis fault, and the same load without it. */
  public static final List<String> EXTRA_ROWS = List.of("outage", "outage-control");
  /** The flags of {@link #main}, in the grammar of {@link CommandLine}. */
  public static final List<String> FLAGS = List.of("--rows", "--projects", "--polls", "--interval",
      "--quota-per-minute", "--max-requests-per-minute", "--replicas", "--operations",
      "--uneven-operations", "--uneven-weights", "--cost-operations",
      "--cost-max-requests-per-minute", "--cost-warmup-operations", "--deadline", "--replica-heap",
      "--outage-operations", "--outage-start-over", "--outage-at", "--outage-for", "--redis-timeout");
  private static final int EMULATOR_WORKERS = 2;
  private static final String EMULATOR_HEAP = "1g";
  private static final long MINUTE_MICROS = 60_000_000L;

  private FleetLoadRun() {}

  /**
   * What to run.
   *
   * @param rows row ids from {@link #ROWS}
   * @param projects projects the operations are spread over, round-robin
   * @param polls the GET that first answers done
   * @param interval the poll interval, and the delay before the first poll
   * @param quotaPerMinute the emulator's per-project quota
   * @param maxRequestsPerMinute each replica's {@code maxRequestsPerMinute}
   * @param replicas poller JVMs
   * @param operations operations of the even rows
   * @param unevenOperations operations of the uneven rows
   * @param unevenWeights per replica, its weight in the uneven rows' split (replica 0 first)
   * @param costOperations operations of the cost rows
   * @param costMaxRequestsPerMinute the cost rows' limit, high enough not to bind
   * @param costWarmupOperations operations each replica watches, unmeasured, before a cost row
   * @param deadline per row: watches still running then are cancelled and counted unfinished
   * @param replicaHeap each replica's {@code -Xmx}
   * @param outageOperations operations of the outage row
   * @param outageStartOver the outage row's watch starts spread over this time
   * @param outageAt when, after {@code go}, the outage row stops Redis
   * @param outageFor how long Redis stays down
   * @param redisTimeout each replica's Lettuce command timeout, the bound of each ask
   */
  public record Config(List<String> rows, int projects, int polls, Duration interval,
      int quotaPerMinute, int maxRequestsPerMinute, int replicas, int operations,
      int unevenOperations, List<Integer> unevenWeights, int costOperations,
      int costMaxRequestsPerMinute, int costWarmupOperations, Duration deadline,
      String replicaHeap, int outageOperations, Duration outageStartOver, Duration outageAt,
      Duration outageFor, Duration redisTimeout) {}

  /**
   * One row's setting.
   *
   * @param id the row id
   * @param fleet whether the replicas share the budget in Redis
   * @param limit each replica's {@code maxRequestsPerMinute}
   * @param weights per replica, its share of the operations
   * @param operations operations in all
   * @param quotaPerMinute the emulator's quota, 0 for none
   * @param warmupOperations operations each replica watches before the row, 0 for none
   * @param startOver each replica spreads its watches' starts over this time; zero: at once
   */
  record Row(String id, boolean fleet, int limit, List<Integer> weights, int operations,
      int quotaPerMinute, int warmupOperations, Duration startOver) {

    Row(String id, boolean fleet, int limit, List<Integer> weights, int operations,
        int quotaPerMinute, int warmupOperations) {
      this(id, fleet, limit, weights, operations, quotaPerMinute, warmupOperations, Duration.ZERO);
    }
  }

  /**
   * What a row measured.
   *
   * @param row the setting
   * @param busiestMin the least, over projects, of the most requests in any 60 s at the emulator
   * @param busiestMax the most, over projects, of the same
   * @param quota429s requests the emulator answered 429 over its quota
   * @param endedAsScripted watches that completed after the emulator answered them done
   * @param mismatches watches that completed without, or before, the emulator's done answer
   * @param errors watches that ended with an error
   * @param unfinished watches cancelled at the deadline
   * @param wallSeconds from {@code go} to the last replica's result
   * @param requests requests the emulator received
   * @param replicaCpuSeconds the replica JVMs' CPU time, summed
   * @param redisCpuSeconds {@code redis-server}'s CPU time ({@code INFO cpu})
   * @param scriptCalls {@code EVALSHA} and {@code EVAL} calls ({@code INFO commandstats})
   * @param redisMemoryDelta {@code used_memory} at the end minus after a {@code FLUSHALL} then:
   *     what the budget's keys hold
   * @param redisKeys {@code DBSIZE} at the end
   * @param heavyMin the least, over projects, of replica 0's most requests sent in any 60 s
   * @param heavyMax the most, over projects, of the same
   * @param coolDowns cool-downs the replicas started after a 429
   * @param degraded keys the replicas put in degraded mode
   * @param firstError the first error a replica saw, or {@code "null"}
   */
  record RowResult(Row row, int busiestMin, int busiestMax, long quota429s, int endedAsScripted,
      int mismatches, int errors, long unfinished, double wallSeconds, long requests,
      double replicaCpuSeconds, double redisCpuSeconds, long scriptCalls, long redisMemoryDelta,
      long redisKeys, int heavyMin, int heavyMax, int coolDowns, int degraded, String firstError) {

    double replicaMicrosPerPoll() {
      return requests == 0 ? 0 : replicaCpuSeconds * 1e6 / requests;
    }

    double redisMicrosPerPoll() {
      return requests == 0 ? 0 : redisCpuSeconds * 1e6 / requests;
    }

    double scriptCallsPerPoll() {
      return requests == 0 ? 0 : scriptCalls / (double) requests;
    }
  }

  /**
   * Runs from the command line and prints markdown tables.
   *
   * @param args see {@link #parse}
   * @throws Exception if a child, Redis or a file fails
   */
  public static void main(String[] args) throws Exception {
    Config config = parse(args);
    System.out.println("# lro-poller fleet load run " + Instant.now());
    System.out.println("java " + System.getProperty("java.vm.version") + ", cpus "
        + Runtime.getRuntime().availableProcessors() + ", load " + loadAverage());
    System.out.println("args: " + String.join(" ", args));
    List<RowResult> results = new ArrayList<>();
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      System.out.println("Redis " + redis.version() + " from " + redis.origin());
      for (String id : config.rows()) {
        RowResult r = runRow(row(id, config), config, redis);
        results.add(r);
        System.out.println(FleetTables.line(r) + "; load " + loadAverage());
      }
    }
    System.out.println();
    System.out.println(FleetTables.table(results));
    System.out.println();
    System.out.println(FleetTables.costTable(results));
    System.exit(0);
  }

  /**
   * The setting of row {@code id}.
   *
   * @param id a row id
   * @param c the configuration
   * @return the row
   * @throws IllegalArgumentException for an unknown id, quoting it
   */
  static Row row(String id, Config c) {
    List<Integer> even = java.util.Collections.nCopies(c.replicas(), 1);
    return switch (id) {
      case "fleet" -> new Row(id, true, c.maxRequestsPerMinute(), even, c.operations(),
          c.quotaPerMinute(), 0);
      case "local" -> new Row(id, false, c.maxRequestsPerMinute(), even, c.operations(),
          c.quotaPerMinute(), 0);
      case "uneven-fleet" -> new Row(id, true, c.maxRequestsPerMinute(), c.unevenWeights(),
          c.unevenOperations(), c.quotaPerMinute(), 0);
      case "uneven-static" -> new Row(id, false, Math.max(1, c.maxRequestsPerMinute() / c.replicas()),
          c.unevenWeights(), c.unevenOperations(), c.quotaPerMinute(), 0);
      case "cost-fleet" -> new Row(id, true, c.costMaxRequestsPerMinute(), even, c.costOperations(),
          0, c.costWarmupOperations());
      case "cost-local" -> new Row(id, false, c.costMaxRequestsPerMinute(), even, c.costOperations(),
          0, c.costWarmupOperations());
      case "outage", "outage-control" -> new Row(id, true, c.maxRequestsPerMinute(), even, c.outageOperations(),
          c.quotaPerMinute(), 0, c.outageStartOver());
      default -> throw new IllegalArgumentException(
          "unknown row \"" + id + "\" (" + String.join(", ", ROWS) + ")");
    };
  }

  static RowResult runRow(Row row, Config c, RedisServerProcess redis) throws Exception {
    System.gc();
    Path dir = Files.createTempDirectory("lro-fleet-" + row.id());
    try (ForkedEmulator emulator = ForkedEmulator.plain(EMULATOR_WORKERS, EMULATOR_HEAP, row.quotaPerMinute())) {
      List<String> warmup = emulator.start(row.warmupOperations() * row.weights().size(), c.polls(),
          c.projects());
      List<List<String>> warmupSplit = split(warmup, c.projects(), row.weights());
      List<ForkedReplica> replicas = new ArrayList<>();
      try {
        for (int i = 0; i < row.weights().size(); i++) {
          Path warmupFile = dir.resolve("warmup-" + i + ".txt");
          Files.write(warmupFile, warmupSplit.get(i));
          replicas.add(new ForkedReplica(FleetReplicaMain.class, FleetReplicaMain.READY,
              FleetReplicaMain.DONE, c.replicaHeap(), List.of(
              "--emulator", emulator.baseUri().toString(),
              "--names", dir.resolve("names-" + i + ".txt").toString(),
              "--warmup", warmupFile.toString(),
              "--redis-port", Integer.toString(row.fleet() ? redis.port() : 0),
              "--max-requests-per-minute", Integer.toString(row.limit()),
              "--interval", c.interval().toString(),
              "--deadline", c.deadline().toString(),
              "--start-over", row.startOver().toString(),
              "--redis-timeout", c.redisTimeout().toString(),
              "--replicas", Integer.toString(c.replicas())), dir.resolve("result-" + i + ".txt")));
        }
        for (ForkedReplica r : replicas) {
          r.awaitReady();
        }
        List<String> names = emulator.start(row.operations(), c.polls(), c.projects());
        List<List<String>> split = split(names, c.projects(), row.weights());
        for (int i = 0; i < split.size(); i++) {
          Files.write(dir.resolve("names-" + i + ".txt"), split.get(i));
        }
        redis.query("FLUSHALL");
        RedisSample before = RedisSample.of(redis);
        long start = System.nanoTime();
        for (ForkedReplica r : replicas) {
          r.go();
        }
        RedisOutage outage = row.id().equals("outage")
            ? RedisOutage.schedule(redis, c.outageAt(), c.outageFor()) : null;
        List<ReplicaResult> results = new ArrayList<>();
        for (ForkedReplica r : replicas) {
          results.add(ReplicaResult.read(r.awaitResult()));
        }
        if (outage != null) {
          System.out.println(OutageReport.render(outage.await(), results, row.limit()));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        RedisSample after = RedisSample.of(redis);
        long keys = Long.parseLong(redis.query("DBSIZE"));
        redis.query("FLUSHALL");
        long heldBytes = after.usedMemory() - RedisSample.of(redis).usedMemory();
        ForkedEmulator.Stats stats = emulator.stats();
        return summarize(row, names, stats, results, wall, before, after, keys, heldBytes);
      } finally {
        replicas.forEach(ForkedReplica::close);
      }
    }
  }

  static RowResult summarize(Row row, List<String> names, ForkedEmulator.Stats stats,
      List<ReplicaResult> replicas, double wall, RedisSample before, RedisSample after, long keys,
      long heldBytes) {
    Map<String, Long> doneAt = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      doneAt.put(names.get(i), stats.doneAtMicros()[i]);
    }
    int asScripted = 0;
    int mismatches = 0;
    int errors = 0;
    long unfinished = 0;
    long cpu = 0;
    int coolDowns = 0;
    int degraded = 0;
    String firstError = "null";
    for (ReplicaResult r : replicas) {
      for (Map.Entry<String, Long> e : r.endedMicros().entrySet()) {
        long done = doneAt.getOrDefault(e.getKey(), 0L);
        if (e.getValue() == 0) {
          continue;
        }
        if (done != 0 && done <= e.getValue()) {
          asScripted++;
        } else {
          mismatches++;
        }
      }
      errors += r.errors();
      unfinished += r.unfinished();
      cpu += r.cpuNanos();
      coolDowns += r.coolDowns();
      degraded += r.degraded();
      if (firstError.equals("null")) {
        firstError = r.firstError();
      }
    }
    IntSummaryStatistics busiest = stats.projects().stream()
        .mapToInt(ForkedEmulator.ProjectRate::maxPerMinute).summaryStatistics();
    long rejected = stats.projects().stream().mapToLong(ForkedEmulator.ProjectRate::quota429s).sum();
    IntSummaryStatistics heavy = replicas.get(0).sentMicros().values().stream()
        .mapToInt(times -> ForkedEmulatorMain.maxInWindow(times, MINUTE_MICROS)).summaryStatistics();
    return new RowResult(row, orZero(busiest.getMin(), busiest), busiest.getMax(), rejected,
        asScripted, mismatches, errors, unfinished, wall, stats.requests(), cpu / 1e9,
        after.cpuSeconds() - before.cpuSeconds(), after.scriptCalls() - before.scriptCalls(),
        heldBytes, keys, orZero(heavy.getMin(), heavy),
        heavy.getMax(), coolDowns, degraded, firstError);
  }

  private static int orZero(int min, IntSummaryStatistics s) {
    return s.getCount() == 0 ? 0 : min;
  }

  /**
   * Splits names started round-robin over {@code projects} so that, within every project, the
   * replicas get operations in proportion to {@code weights}.
   *
   * @param names the names, name i in project i mod projects
   * @param projects how many projects
   * @param weights per replica, at least 1
   * @return per replica, its names
   */
  static List<List<String>> split(List<String> names, int projects, List<Integer> weights) {
    int cycle = weights.stream().mapToInt(Integer::intValue).sum();
    List<List<String>> out = new ArrayList<>();
    weights.forEach(w -> out.add(new ArrayList<>()));
    for (int i = 0; i < names.size(); i++) {
      int slot = (i / projects) % cycle;
      int replica = 0;
      for (int seen = weights.get(0); seen <= slot; seen += weights.get(++replica)) {
        // find the replica whose weights cover the slot
      }
      out.get(replica).add(names.get(i));
    }
    return out;
  }

  /**
   * The project id of an operation name, the budget's key.
   *
   * @param name {@code projects/P/locations/L/operations/ID}
   * @return {@code P}
   * @throws IllegalArgumentException if the name has no project, quoting it
   */
  static String project(String name) {
    String[] seg = name.split("/");
    if (seg.length < 2 || !seg[0].equals("projects")) {
      throw new IllegalArgumentException("no project in \"" + name + "\"");
    }
    return seg[1];
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /**
   * Reads the command line; every flag has a default.
   *
   * @param args {@code --rows} (default all of {@link #ROWS}), {@code --projects 20},
   *     {@code --polls 3}, {@code --interval 1s}, {@code --quota-per-minute 600},
   *     {@code --max-requests-per-minute 600}, {@code --replicas 3}, {@code --operations 6000},
   *     {@code --uneven-operations 4000}, {@code --uneven-weights 18,1,1},
   *     {@code --cost-operations 10000}, {@code --cost-max-requests-per-minute 1000000},
   *     {@code --cost-warmup-operations 2000},
   *     {@code --deadline 90s}, {@code --replica-heap 512m}, {@code --outage-operations 10000},
   *     {@code --outage-start-over 120s}, {@code --outage-at 45s}, {@code --outage-for 30s},
   *     {@code --redis-timeout 1s}
   * @return the configuration
   * @throws UsageException for a bad flag or value, quoting it
   */
  public static Config parse(String[] args) {
    CommandLine cl = CommandLine.parse(args, FLAGS, List.of());
    List<String> rows = cl.list("--rows", ROWS);
    for (String r : rows) {
      if (!ROWS.contains(r) && !EXTRA_ROWS.contains(r)) {
        throw new UsageException("--rows: unknown row \"" + r + "\" (" + String.join(", ", ROWS)
            + ", " + String.join(", ", EXTRA_ROWS) + ")");
      }
    }
    int replicas = cl.atLeast("--replicas", 1, 3);
    List<Integer> weights = cl.integers("--uneven-weights", List.of(18, 1, 1));
    if (weights.size() != replicas || weights.stream().anyMatch(w -> w < 1)) {
      throw new UsageException("--uneven-weights: \"" + weights + "\" needs " + replicas
          + " weights of at least 1, one per replica");
    }
    String heap = cl.text("--replica-heap", "512m");
    if (!heap.matches("\\d+[kmgKMG]?")) {
      throw new UsageException("--replica-heap: \"" + heap + "\" is not a heap size such as 512m");
    }
    return new Config(rows, cl.atLeast("--projects", 1, 20), cl.atLeast("--polls", 1, 3),
        cl.duration("--interval", Duration.ofSeconds(1)), cl.atLeast("--quota-per-minute", 1, 600),
        cl.atLeast("--max-requests-per-minute", 1, 600), replicas,
        cl.atLeast("--operations", 1, 6000), cl.atLeast("--uneven-operations", 1, 4000), weights,
        cl.atLeast("--cost-operations", 1, 10_000),
        cl.atLeast("--cost-max-requests-per-minute", 1, 1_000_000),
        cl.atLeast("--cost-warmup-operations", 0, 2000),
        cl.duration("--deadline", Duration.ofSeconds(90)), heap,
        cl.atLeast("--outage-operations", 1, 10_000),
        cl.duration("--outage-start-over", Duration.ofSeconds(120)),
        cl.duration("--outage-at", Duration.ofSeconds(45)),
        cl.duration("--outage-for", Duration.ofSeconds(30)),
        cl.duration("--redis-timeout", Duration.ofSeconds(1)));
  }
}
