package dev.lropoller.bench.load;

import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.support.ForkedEmulator;
import dev.lropoller.bench.support.Percentiles;
import dev.lropoller.bench.support.Rounds;
import dev.lropoller.bench.support.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpResources;

/**
 * The load run: for each operation count, each contender in turn watches that many operations on
 * a fresh emulator in a child JVM ({@link ForkedEmulator}; this JVM's heap, threads and CPU are
 * the contender's alone), each done on its K-th GET, polled every I. One contender at a time, GC
 * and a settle pause in between; global Reactor resources are disposed after each contender so
 * the next one's thread count starts clean. Optional: S subscribers per operation, operations
 * spread over P projects with a per-project budget, an emulator that enforces a per-project
 * quota (its 429s counted per project), and a heap census of waiting watches.
 *
 * <p>Detection lag: poll-count progression, so the emulator's {@code doneAt(name)} is the
 * instant it answered the first done GET, and lag is "client saw completion" minus that: the
 * response latency plus client-side queueing, not the polling granularity.
 *
 * <pre>
 * java -cp benchmarks/target/lro-poller-benchmarks.jar dev.lropoller.bench.load.LoadRun \
 *   --operations 1000,10000 --polls 5 --interval 1s --contenders lro,raw,azure,gax \
 *   --csv benchmarks/target/load.csv
 * java -Xmx512m -cp benchmarks/target/lro-poller-benchmarks.jar dev.lropoller.bench.load.LoadRun \
 *   --operations 100000 --contenders lro,raw,azure --rounds 3 --heap 100000
 * java -Xmx512m -cp benchmarks/target/lro-poller-benchmarks.jar dev.lropoller.bench.load.LoadRun \
 *   --operations 1000 --projects 20 --max-requests-per-minute 600 --emulator-quota-per-minute 600 \
 *   --polls 15 --interval 1s --contenders lro --warmup-operations 200
 * </pre>
 */
public final class LoadRun {
  static final String EMULATOR_THREADS = "automl-emulator";
  /** Event-loop threads of the emulator child; the emulator's default. */
  static final int EMULATOR_WORKERS = 2;
  /** The emulator child's heap: 100,000 operations and a 400,000-entry request log fit. */
  static final String EMULATOR_HEAP = "1g";

  private LoadRun() {}

  /**
   * What to run.
   *
   * @param operations operation counts, one scenario each
   * @param polls the GET that first answers done
   * @param interval delay between polls
   * @param contenders ids: lro, raw, azure, gax
   * @param settle pause after the GC between contenders ({@code ZERO} for none)
   * @param warmupOperations operations of an unmeasured warm-up run per contender (0: none)
   * @param deadline per-contender hard limit, or {@code null} for {@link Scenario#of}'s
   * @param csv where to write the CSV, or {@code null}
   * @param rounds how many times to run every scenario; each round rotates the contender order,
   *     since the contender measured first in a JVM pays for JIT compilation the later ones reuse
   * @param subscribers watches per operation
   * @param projects projects the operations are spread over
   * @param maxRequestsPerMinute per-project budget for contenders that have one (0: none)
   * @param heapWatches waiting watches of the heap census per contender (0: no census)
   * @param emulatorQuotaPerMinute the emulator child's per-project quota (0: none); the warm-up
   *     runs without it
   */
  public record Config(
      List<Integer> operations, int polls, Duration interval, List<String> contenders,
      Duration settle, int warmupOperations, Duration deadline, Path csv, int rounds,
      int subscribers, int projects, int maxRequestsPerMinute, int heapWatches,
      int emulatorQuotaPerMinute) {

    /** No quota at the emulator. */
    public Config(
        List<Integer> operations, int polls, Duration interval, List<String> contenders,
        Duration settle, int warmupOperations, Duration deadline, Path csv, int rounds,
        int subscribers, int projects, int maxRequestsPerMinute, int heapWatches) {
      this(operations, polls, interval, contenders, settle, warmupOperations, deadline, csv, rounds,
          subscribers, projects, maxRequestsPerMinute, heapWatches, 0);
    }

    /** One subscriber, one project, no budget, no census. */
    public Config(
        List<Integer> operations, int polls, Duration interval, List<String> contenders,
        Duration settle, int warmupOperations, Duration deadline, Path csv, int rounds) {
      this(operations, polls, interval, contenders, settle, warmupOperations, deadline, csv, rounds,
          1, 1, 0, 0);
    }

    /** One round, in the given order. */
    public Config(
        List<Integer> operations, int polls, Duration interval, List<String> contenders,
        Duration settle, int warmupOperations, Duration deadline, Path csv) {
      this(operations, polls, interval, contenders, settle, warmupOperations, deadline, csv, 1);
    }
  }

  /**
   * Runs from the command line; prints a markdown table.
   *
   * @param args see the class comment
   * @throws Exception if a run cannot be set up
   */
  public static void main(String[] args) throws Exception {
    Config config = parse(args);
    System.out.println("# lro-poller load run " + Instant.now());
    System.out.println("java " + System.getProperty("java.vm.version") + " ("
        + System.getProperty("java.vm.name") + "), cpus " + Runtime.getRuntime().availableProcessors()
        + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
    System.out.println("args: " + String.join(" ", args));
    if (config.heapWatches() > 0) {
      for (String id : config.contenders()) {
        HeapResult h = heapOne(id, config.heapWatches());
        System.out.printf(Locale.ROOT, "heap %s: %,d waiting watches, %.0f bytes/watch after GC, "
                + "%d live threads, %d requests meanwhile%n%s%n", h.contender(), h.watches(),
            h.bytesPerWatch(), h.liveThreads(), h.requests(), h.histogram());
      }
    }
    List<RunResult> results = config.operations().isEmpty() ? List.of() : run(config);
    System.out.println();
    System.out.println(table(results));
    if (config.rounds() > 1) {
      System.out.println();
      System.out.println(RoundSummary.table(results, config.contenders()));
    }
    System.exit(0);
  }

  /**
   * Runs every scenario for every contender.
   *
   * @param config what to run
   * @return one result per scenario and contender, in run order
   * @throws Exception if a run cannot be set up
   */
  public static List<RunResult> run(Config config) throws Exception {
    List<RunResult> results = new ArrayList<>();
    if (config.warmupOperations() > 0) {
      Scenario warm = new Scenario(config.warmupOperations(), 2, Duration.ofMillis(20),
          Duration.ofSeconds(60));
      for (String id : config.contenders()) {
        RunResult r = runOne(id, warm, Duration.ZERO);
        System.out.println("warm-up " + id + ": " + r.completed() + "/" + r.operations()
            + " done, " + r.errors() + " errors");
      }
    }
    for (int round = 0; round < config.rounds(); round++) {
      List<String> order = Rounds.rotate(config.contenders(), round);
      if (config.rounds() > 1) {
        System.out.println("round " + (round + 1) + ": " + String.join(", ", order));
      }
      runRound(config, order, results);
    }
    return results;
  }

  private static void runRound(Config config, List<String> order, List<RunResult> results)
      throws Exception {
    for (int n : config.operations()) {
      Scenario d = Scenario.of(n, config.polls(), config.interval());
      Scenario s = new Scenario(n, config.polls(), config.interval(),
          config.deadline() == null ? d.deadline() : config.deadline(), config.subscribers(),
          config.projects(), config.maxRequestsPerMinute(), config.emulatorQuotaPerMinute());
      for (String id : order) {
        RunResult r = runOne(id, s, config.settle());
        results.add(r);
        System.out.println(line(r));
        if (config.csv() != null) {
          writeCsv(config.csv(), results);
        }
      }
    }
  }

  static RunResult runOne(String id, Scenario s, Duration settle) throws Exception {
    System.gc();
    System.gc();
    if (!settle.isZero()) {
      LockSupport.parkNanos(settle.toNanos());
    }
    try (ForkedEmulator emulator =
        ForkedEmulator.plain(EMULATOR_WORKERS, EMULATOR_HEAP, s.emulatorQuotaPerMinute())) {
      List<String> names = emulator.start(s.operations(), s.polls(), s.projects());
      List<String> watched = new ArrayList<>(s.watches());
      for (String name : names) {
        for (int j = 0; j < s.subscribers(); j++) {
          watched.add(name);
        }
      }
      Probe probe = new Probe(EMULATOR_THREADS);
      probe.baseline();
      Outcomes out = new Outcomes(watched.size());
      Probe.Sample sample;
      ForkedEmulator.Stats stats;
      long emulatorCpuNanos;
      try (Contender c = contender(id)) {
        c.prepare(emulator.baseUri(), s);
        // resets the emulator's counters: only the measured interval counts
        long emulatorCpuStart = emulator.stats().cpuNanos();
        probe.start();
        c.watchAll(watched, s, out);
        sample = probe.stop();
        stats = emulator.stats();
        emulatorCpuNanos = stats.cpuNanos() - emulatorCpuStart;
      }
      long requests = stats.requests();
      long[] lags = new long[out.completed()];
      int k = 0;
      for (int w = 0; w < watched.size() && k < lags.length; w++) {
        long seen = out.completedAtMicros(w);
        long doneAt = stats.doneAtMicros()[w / s.subscribers()];
        if (seen != 0 && doneAt != 0) {
          lags[k++] = seen - doneAt;
        }
      }
      Percentiles lag = Percentiles.of(Arrays.copyOf(lags, k));
      double emulatorCpu = emulatorCpuNanos / 1e9;
      double perPoll = requests == 0 ? 0 : (sample.cpuSeconds() + emulatorCpu) * 1e6 / requests;
      double clientPerPoll = requests == 0 ? 0 : sample.cpuSeconds() * 1e6 / requests;
      int maxPerMinute = stats.projects().stream()
          .mapToInt(ForkedEmulator.ProjectRate::maxPerMinute).max().orElse(0);
      long quota429s = stats.projects().stream().mapToLong(ForkedEmulator.ProjectRate::quota429s).sum();
      if (s.projects() > 1 || s.emulatorQuotaPerMinute() > 0) {
        System.out.println(projectTable(id, s, stats.projects()));
      }
      return new RunResult(id, s.operations(), s.polls(), s.interval().toMillis(),
          sample.wallSeconds(), sample.cpuSeconds() + emulatorCpu, emulatorCpu, requests,
          perPoll, clientPerPoll, sample.baselineHeapUsed() / 1048576.0,
          sample.peakHeapUsed() / 1048576.0,
          sample.maxHeapAfterGc() / 1048576.0, sample.peakThreads(), sample.baselineThreads(),
          sample.liveAtEnd(), sample.emulatorThreads(), sample.addedThreads(), lag.at(50) / 1000.0,
          lag.at(99) / 1000.0, lag.max() / 1000.0,
          out.completed(), out.errors(), out.firstError(), s.subscribers(), s.projects(),
          maxPerMinute, quota429s);
    } finally {
      HttpResources.disposeLoopsAndConnectionsLater().block(Duration.ofSeconds(10));
      Schedulers.shutdownNow();
    }
  }

  /**
   * Requests per project, counted at the emulator by arrival: total, the most in any 60 s window
   * (rejected ones included), the mean rate per minute, and the requests answered 429 over the
   * emulator's quota.
   */
  static String projectTable(String id, Scenario s, List<ForkedEmulator.ProjectRate> rates) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "%s, %,d operations over %d projects, budget %s/min per project, emulator quota %s/min:%n"
            + "| project | requests | most arrivals in any 60 s | mean per minute | quota 429s |%n"
            + "|---|--:|--:|--:|--:|%n",
        id, s.operations(), s.projects(),
        s.maxRequestsPerMinute() == 0 ? "none" : Integer.toString(s.maxRequestsPerMinute()),
        s.emulatorQuotaPerMinute() == 0 ? "none" : Integer.toString(s.emulatorQuotaPerMinute())));
    long requests = 0;
    long rejected = 0;
    int most = 0;
    int least = Integer.MAX_VALUE;
    for (ForkedEmulator.ProjectRate r : rates) {
      double minutes = Math.max(1.0, r.spanMicros() / 60e6);
      b.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.0f | %,d |%n", r.project(), r.requests(),
          r.maxPerMinute(), r.requests() / minutes, r.quota429s()));
      requests += r.requests();
      rejected += r.quota429s();
      most = Math.max(most, r.maxPerMinute());
      least = Math.min(least, r.maxPerMinute());
    }
    if (!rates.isEmpty()) {
      b.append(String.format(Locale.ROOT, "| all %d | %,d | %,d to %,d | | %,d |%n", rates.size(),
          requests, least, most, rejected));
    }
    return b.toString();
  }

  /**
   * The heap census of one contender: {@code n} watches subscribed on operations that never end,
   * first poll an hour away, so every watch waits; used heap after a full GC, before and after,
   * divided by {@code n}, and the types that grew. Live threads are counted while they wait.
   *
   * @param id the contender
   * @param n waiting watches
   * @return what the census saw
   * @throws Exception if the emulator child or the contender cannot start
   */
  public static HeapResult heapOne(String id, int n) throws Exception {
    Scenario s = new Scenario(n, 0, Duration.ofHours(1), Duration.ofHours(2));
    try (ForkedEmulator emulator = ForkedEmulator.plain(EMULATOR_WORKERS, EMULATOR_HEAP, 0);
        Contender c = contender(id)) {
      List<String> all = emulator.start(n + 1, 0, 1);
      List<String> names = all.subList(1, n + 1);
      c.prepare(emulator.baseUri(), s);
      java.util.Map<String, HeapCensus.Row> before;
      long usedBefore;
      List<HeapCensus.Row> grown;
      long usedAfter;
      int threads;
      // One watch held through both snapshots, so that what the first watch initialises once
      // (the engine's classes, its JSON reader) is not counted n times as per-watch state.
      try (AutoCloseable warm = c.hold(all.subList(0, 1))) {
        before = HeapCensus.histogram();
        usedBefore = usedAfterGc();
        try (AutoCloseable held = c.hold(names)) {
          usedAfter = usedAfterGc();
          grown = HeapCensus.grown(before, HeapCensus.histogram(), 12);
          threads = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
        }
      }
      long requests = emulator.stats().requests();
      return new HeapResult(id, n, (usedAfter - usedBefore) / (double) n, threads, requests,
          HeapCensus.perWatch(id, grown, n));
    } finally {
      HttpResources.disposeLoopsAndConnectionsLater().block(Duration.ofSeconds(10));
      Schedulers.shutdownNow();
    }
  }

  private static long usedAfterGc() {
    java.lang.management.MemoryMXBean m = java.lang.management.ManagementFactory.getMemoryMXBean();
    m.gc();
    m.gc();
    return m.getHeapMemoryUsage().getUsed();
  }

  /**
   * One heap census.
   *
   * @param contender the contender id
   * @param watches waiting watches
   * @param bytesPerWatch used heap after GC, delta over {@code watches}
   * @param liveThreads JVM live threads while they wait
   * @param requests requests the emulator saw meanwhile (should be 0: nobody polled yet)
   * @param histogram the grown types, per watch, as a markdown table
   */
  public record HeapResult(String contender, int watches, double bytesPerWatch, int liveThreads,
      long requests, String histogram) {}

  static Contender contender(String id) {
    Supplier<Contender> s;
    switch (id) {
      case "lro":
        s = LroContender::new;
        break;
      case "raw":
        s = RawContender::new;
        break;
      case "azure":
        s = AzureContender::new;
        break;
      case "gax":
        s = GaxContender::new;
        break;
      default:
        throw new IllegalArgumentException("unknown contender \"" + id + "\" (lro, raw, azure, gax)");
    }
    return s.get();
  }

  static String line(RunResult r) {
    return String.format(Locale.ROOT,
        "%-5s n=%d: wall %.1fs cpu %.2fs (emulator %.2fs) req %d -> %.1f us/poll (client %.1f); "
            + "heap baseline %.0f peak %.0f MB, after-GC max %.0f MB; threads peak %d (emulator %d, baseline %d, added: %s); "
            + "lag p50 %.1f p99 %.1f max %.1f ms; done %d errors %d%s",
        r.contender(), r.operations(), r.wallSeconds(), r.cpuSeconds(), r.emulatorCpuSeconds(),
        r.requests(), r.cpuMicrosPerPoll(), r.clientCpuMicrosPerPoll(), r.baselineHeapMb(),
        r.peakHeapMb(),
        r.maxHeapAfterGcMb(), r.peakThreads(), r.emulatorThreads(), r.baselineThreads(),
        r.addedThreads(),
        r.lagP50Ms(), r.lagP99Ms(), r.lagMaxMs(), r.completed(), r.errors(),
        r.firstError() == null ? "" : " (first: " + r.firstError() + ")");
  }

  /**
   * A markdown table; CPU ratios are against the raw contender of the same operation count.
   *
   * @param results the results
   * @return the table
   */
  public static String table(List<RunResult> results) {
    StringBuilder b = new StringBuilder();
    b.append("| contender | ops | subs | projects | most req/project/60 s | quota 429s | wall s | CPU s | requests | CPU µs/poll | ×raw | client µs/poll"
        + " | client ×raw | emulator CPU s | heap before MB | peak heap MB | max heap after GC MB | peak threads"
        + " | − emulator | threads added | lag p50 ms | lag p99 ms | done | errors |\n");
    b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|\n");
    for (RunResult r : results) {
      RunResult raw = results.stream()
          .filter(x -> x.contender().equals("raw") && x.operations() == r.operations()
              && x.subscribers() == r.subscribers() && x.projects() == r.projects())
          .findFirst().orElse(null);
      b.append(String.format(Locale.ROOT,
          "| %s | %,d | %d | %d | %,d | %,d | %.1f | %.2f | %,d | %.1f | %s | %.1f | %s | %.2f | %.0f | %.0f | %.0f | %d | %d | %s | %.1f | %.1f | %,d | %d%s |%n",
          r.contender(), r.operations(), r.subscribers(), r.projects(), r.maxPerProjectPerMinute(),
          r.quota429s(),
          r.wallSeconds(), r.cpuSeconds(), r.requests(), r.cpuMicrosPerPoll(), ratio(r.cpuMicrosPerPoll(), raw == null ? 0 : raw.cpuMicrosPerPoll()),
          r.clientCpuMicrosPerPoll(),
          ratio(r.clientCpuMicrosPerPoll(), raw == null ? 0 : raw.clientCpuMicrosPerPoll()),
          r.emulatorCpuSeconds(), r.baselineHeapMb(), r.peakHeapMb(), r.maxHeapAfterGcMb(), r.peakThreads(),
          r.peakThreadsWithoutEmulator(), r.addedThreads().isEmpty() ? "—" : r.addedThreads(),
          r.lagP50Ms(), r.lagP99Ms(), r.completed(), r.errors(),
          r.firstError() == null ? "" : " (" + abbreviate(r.firstError()) + ")"));
    }
    return b.toString();
  }

  private static String ratio(double v, double base) {
    return base <= 0 ? "—" : String.format(Locale.ROOT, "%.2f", v / base);
  }

  private static String abbreviate(String s) {
    String t = s.replace('|', '/');
    return t.length() > 120 ? t.substring(0, 120) + "…" : t;
  }

  static void writeCsv(Path csv, List<RunResult> results) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(RunResult.CSV_HEADER);
    results.forEach(r -> lines.add(r.csv()));
    if (csv.getParent() != null) {
      Files.createDirectories(csv.getParent());
    }
    Files.write(csv, lines);
  }

  /** The flags of {@link #main}, in the grammar of {@link CommandLine}. */
  public static final List<String> FLAGS = List.of("--operations", "--polls", "--interval", "--contenders",
      "--settle", "--warmup-operations", "--deadline", "--csv", "--rounds", "--subscribers",
      "--projects", "--max-requests-per-minute", "--heap", "--emulator-quota-per-minute");

  /**
   * Reads the command line; every flag has a default.
   *
   * @param args {@code --operations 1000,10000} (or {@code none}: only the heap census),
   *     {@code --polls 5}, {@code --interval 1s}, {@code --contenders lro,raw,azure,gax},
   *     {@code --settle 2s}, {@code --warmup-operations 500}, {@code --deadline 5m},
   *     {@code --csv path}, {@code --rounds 1}, {@code --subscribers 1}, {@code --projects 1},
   *     {@code --max-requests-per-minute N}, {@code --heap N}, {@code --emulator-quota-per-minute N}
   * @return the configuration
   * @throws UsageException for a bad flag or value, quoting it
   */
  public static Config parse(String[] args) {
    CommandLine cl = CommandLine.parse(args, FLAGS, List.of());
    List<Integer> operations = cl.text("--operations", "").equals("none") ? List.of()
        : cl.integers("--operations", List.of(1000, 10000));
    List<String> contenders = cl.list("--contenders", List.of("lro", "raw", "azure", "gax"));
    contenders.forEach(LoadRun::contender);
    return new Config(operations, cl.integer("--polls", 5), cl.duration("--interval", Duration.ofSeconds(1)),
        contenders, cl.duration("--settle", Duration.ofSeconds(2)), cl.integer("--warmup-operations", 500),
        cl.duration("--deadline", null), cl.path("--csv", null), cl.atLeast("--rounds", 1, 1),
        cl.atLeast("--subscribers", 1, 1), cl.atLeast("--projects", 1, 1),
        cl.atLeast("--max-requests-per-minute", 1, 0), cl.atLeast("--heap", 1, 0),
        cl.atLeast("--emulator-quota-per-minute", 1, 0));
  }
}
