package dev.lropoller.bench.load;

import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
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
 * a fresh in-process {@link AutoMlEmulator}, each done on its K-th GET, polled every I. One JVM,
 * one contender at a time, GC and a settle pause in between; global Reactor resources are
 * disposed after each contender so the next one's thread count starts clean.
 *
 * <p>Detection lag: poll-count progression, so the emulator's {@code doneAt(name)} is the
 * instant it answered the first done GET, and lag is "client saw completion" minus that: the
 * response latency plus client-side queueing, not the polling granularity.
 *
 * <pre>
 * java -cp benchmarks/target/lro-poller-demo.jar dev.lropoller.bench.load.LoadRun \
 *   --operations 1000,10000 --polls 5 --interval 1s --contenders lro,raw,azure,gax \
 *   --csv benchmarks/target/load.csv
 * </pre>
 */
public final class LoadRun {
  static final String EMULATOR_THREADS = "automl-emulator";

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
   */
  public record Config(
      List<Integer> operations, int polls, Duration interval, List<String> contenders,
      Duration settle, int warmupOperations, Duration deadline, Path csv, int rounds) {

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
    List<RunResult> results = run(config);
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
      List<String> order = RoundSummary.rotate(config.contenders(), round);
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
      Scenario s = config.deadline() == null
          ? Scenario.of(n, config.polls(), config.interval())
          : new Scenario(n, config.polls(), config.interval(), config.deadline());
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
    OperationScript script =
        OperationScript.builder(AutoMlRpc.IMPORT_DATA).doneAfterPolls(s.polls()).build();
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().logCapacity(0).start()) {
      List<String> names = new ArrayList<>(s.operations());
      for (int i = 0; i < s.operations(); i++) {
        names.add(emulator.startOperation(script));
      }
      Probe probe = new Probe(EMULATOR_THREADS);
      probe.baseline();
      Outcomes out = new Outcomes(s.operations());
      Probe.Sample sample;
      try (Contender c = contender(id)) {
        c.prepare(emulator.baseUri(), s);
        probe.start();
        c.watchAll(names, s, out);
        sample = probe.stop();
      }
      long requests = emulator.requestCount();
      long[] lags = new long[out.completed()];
      int k = 0;
      for (int i = 0; i < names.size() && k < lags.length; i++) {
        long seen = out.completedAtMicros(i);
        Instant doneAt = emulator.doneAt(names.get(i));
        if (seen != 0 && doneAt != null) {
          lags[k++] = seen - Outcomes.micros(doneAt);
        }
      }
      lags = Arrays.copyOf(lags, k);
      Arrays.sort(lags);
      double perPoll = requests == 0 ? 0 : sample.cpuSeconds() * 1e6 / requests;
      double clientPerPoll = requests == 0
          ? 0 : (sample.cpuSeconds() - sample.emulatorCpuSeconds()) * 1e6 / requests;
      return new RunResult(id, s.operations(), s.polls(), s.interval().toMillis(),
          sample.wallSeconds(), sample.cpuSeconds(), sample.emulatorCpuSeconds(), requests,
          perPoll, clientPerPoll, sample.baselineHeapUsed() / 1048576.0,
          sample.peakHeapUsed() / 1048576.0,
          sample.maxHeapAfterGc() / 1048576.0, sample.peakThreads(), sample.baselineThreads(),
          sample.liveAtEnd(), sample.emulatorThreads(), sample.addedThreads(), percentile(lags, 0.50) / 1000.0,
          percentile(lags, 0.99) / 1000.0, (lags.length == 0 ? 0 : lags[lags.length - 1]) / 1000.0,
          out.completed(), out.errors(), out.firstError());
    } finally {
      HttpResources.disposeLoopsAndConnectionsLater().block(Duration.ofSeconds(10));
      Schedulers.shutdownNow();
    }
  }

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

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
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
    b.append("| contender | ops | wall s | CPU s | requests | CPU µs/poll | ×raw | client µs/poll"
        + " | client ×raw | emulator CPU s | heap before MB | peak heap MB | max heap after GC MB | peak threads"
        + " | − emulator | threads added | lag p50 ms | lag p99 ms | done | errors |\n");
    b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|\n");
    for (RunResult r : results) {
      RunResult raw = results.stream()
          .filter(x -> x.contender().equals("raw") && x.operations() == r.operations())
          .findFirst().orElse(null);
      b.append(String.format(Locale.ROOT,
          "| %s | %,d | %.1f | %.2f | %,d | %.1f | %s | %.1f | %s | %.2f | %.0f | %.0f | %.0f | %d | %d | %s | %.1f | %.1f | %,d | %d%s |%n",
          r.contender(), r.operations(), r.wallSeconds(), r.cpuSeconds(), r.requests(),
          r.cpuMicrosPerPoll(), ratio(r.cpuMicrosPerPoll(), raw == null ? 0 : raw.cpuMicrosPerPoll()),
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

  static Config parse(String[] args) {
    List<Integer> operations = List.of(1000, 10000);
    int polls = 5;
    Duration interval = Duration.ofSeconds(1);
    List<String> contenders = List.of("lro", "raw", "azure", "gax");
    Duration settle = Duration.ofSeconds(2);
    int warmup = 500;
    Duration deadline = null;
    Path csv = null;
    int rounds = 1;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String v = args[++i];
      switch (flag) {
        case "--operations":
          operations = Arrays.stream(v.split(",")).map(String::trim).map(Integer::valueOf).toList();
          break;
        case "--polls":
          polls = Integer.parseInt(v);
          break;
        case "--interval":
          interval = duration(v);
          break;
        case "--contenders":
          contenders = Arrays.stream(v.split(",")).map(String::trim).toList();
          contenders.forEach(LoadRun::contender);
          break;
        case "--settle":
          settle = duration(v);
          break;
        case "--warmup-operations":
          warmup = Integer.parseInt(v);
          break;
        case "--deadline":
          deadline = duration(v);
          break;
        case "--csv":
          csv = Path.of(v);
          break;
        case "--rounds":
          rounds = Integer.parseInt(v);
          if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + v);
          }
          break;
        default:
          throw new IllegalArgumentException("unknown flag " + flag + "; flags: --operations 1000,10000"
              + " --polls 5 --interval 1s --contenders lro,raw,azure,gax --settle 2s"
              + " --warmup-operations 500 --deadline 5m --csv path --rounds 1");
      }
    }
    return new Config(operations, polls, interval, contenders, settle, warmup, deadline, csv, rounds);
  }

  /** "1s", "250ms", "2m", or an ISO-8601 duration. */
  static Duration duration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    if (s.endsWith("s")) {
      return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
    }
    if (s.endsWith("m")) {
      return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
    }
    return Duration.parse(v);
  }
}
