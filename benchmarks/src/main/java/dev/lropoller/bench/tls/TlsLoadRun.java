package dev.lropoller.bench.tls;

import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.support.ForkedEmulator;
import dev.lropoller.bench.support.ForkedEmulatorMain;
import dev.lropoller.bench.support.Percentiles;
import dev.lropoller.bench.support.Rounds;
import dev.lropoller.bench.support.UsageException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.netty.http.HttpResources;

/**
 * The load run over TLS: for each operation count and contender, a fresh emulator in a child JVM
 * ({@link ForkedEmulator#tls}: h2 and HTTP/1.1 over ALPN, a self-signed certificate the clients
 * trust), {@code N} operations each done on its K-th GET, polled every I; the client JVM's CPU,
 * the TCP connections and TLS handshakes the emulator counted, p99 detection lag (client saw done
 * minus the emulator's done time, same machine clock) and errors.
 *
 * <pre>
 * java -cp benchmarks/target/lro-poller-benchmarks.jar dev.lropoller.bench.tls.TlsLoadRun \
 *   --operations 10000 --polls 3 --interval 1s --contenders lro-h2x1,lro-h2,lro-h2x4,lro-h1,raw,azure
 * java -cp benchmarks/target/lro-poller-benchmarks.jar dev.lropoller.bench.tls.TlsLoadRun \
 *   --operations 100000 --polls 2 --interval 5s --contenders lro-h2,lro-h1,raw,azure --rounds 3
 * </pre>
 *
 * <p>{@code --rounds R} runs every contender R times, rotating the order each round, and prints
 * each contender's median as well.
 *
 * <p>Contenders: {@code lro-h2} (the default: h2, 2 connections), {@code lro-h2x1},
 * {@code lro-h2x4} (h2 on 1 or 4 connections through {@code connectionProvider(...)}),
 * {@code lro-h1} ({@code http2(false)}: HTTP/1.1 on the default pool), {@code raw} and
 * {@code azure} (HTTP/1.1 over TLS on a 128-connection pool, as in the plain load run).
 */
public final class TlsLoadRun {
  /** The flags of {@link #main}, in the grammar of {@link CommandLine}. */
  static final List<String> FLAGS = List.of("--operations", "--polls", "--interval", "--contenders",
      "--emulator-workers", "--warmup", "--rounds");
  /** Every contender id, in the default run order. */
  static final List<String> CONTENDERS = List.of("lro-h2x1", "lro-h2", "lro-h2x4", "lro-h1", "raw", "azure");
  /** The emulator child's heap: 100,000 operations fit. */
  static final String EMULATOR_HEAP = "2g";

  private TlsLoadRun() {}

  /** One contender's run. */
  record Result(String contender, int operations, long requests, double wallSeconds,
      double cpuSeconds, long connections, long handshakes, long failedHandshakes,
      long http2Requests, double lagP50Ms, double lagP99Ms, int completed, int errors,
      String firstError) {
    double cpuMicrosPerPoll() {
      return requests == 0 ? 0 : cpuSeconds * 1e6 / requests;
    }
  }

  /**
   * What to run.
   *
   * @param operations operation counts, one scenario each (default 10,000)
   * @param polls the GET that first answers done (default 3)
   * @param interval delay between polls (default 1s)
   * @param contenders contender ids, in run order (default all)
   * @param emulatorWorkers the emulator child's event-loop threads (default 2)
   * @param warmup operations of an unmeasured warm-up per contender, 0 for none (default 1,000)
   * @param rounds how many times to run every contender, rotating the order (default 1)
   */
  public record Options(List<Integer> operations, int polls, Duration interval, List<String> contenders,
      int emulatorWorkers, int warmup, int rounds) {}

  /**
   * Reads the command line.
   *
   * @param args see the class comment; every flag has a default
   * @return the options
   * @throws UsageException for a bad flag, value or contender id
   */
  public static Options parse(String[] args) {
    CommandLine cl = CommandLine.parse(args, FLAGS, List.of());
    List<String> contenders = cl.list("--contenders", CONTENDERS);
    for (String id : contenders) {
      if (!CONTENDERS.contains(id)) {
        throw new UsageException("unknown contender \"" + id + "\" ("
            + String.join(", ", CONTENDERS) + ")");
      }
    }
    return new Options(cl.integers("--operations", List.of(10_000)), cl.atLeast("--polls", 1, 3),
        cl.duration("--interval", Duration.ofSeconds(1)), contenders,
        cl.atLeast("--emulator-workers", 1, 2), cl.atLeast("--warmup", 0, 1000),
        cl.atLeast("--rounds", 1, 1));
  }

  /**
   * Runs from the command line and prints a markdown table.
   *
   * @param args see the class comment
   * @throws Exception if a run cannot be set up
   */
  public static void main(String[] args) throws Exception {
    Options o = parse(args);
    List<Integer> counts = o.operations();
    int polls = o.polls();
    Duration interval = o.interval();
    List<String> contenders = o.contenders();
    int workers = o.emulatorWorkers();
    int warmup = o.warmup();
    int rounds = o.rounds();
    System.out.println("# lro-poller TLS load run " + Instant.now());
    System.out.println("java " + System.getProperty("java.vm.version") + ", cpus "
        + Runtime.getRuntime().availableProcessors() + "; args: " + String.join(" ", args));
    if (warmup > 0) {
      for (String id : contenders) {
        Result r = runOne(id, warmup, 2, Duration.ofMillis(50), workers);
        System.out.println("warm-up " + id + ": " + r.completed() + "/" + r.operations() + " done, "
            + r.errors() + " errors");
      }
    }
    List<Result> results = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      List<String> order = Rounds.rotate(contenders, round);
      if (rounds > 1) {
        System.out.println("round " + (round + 1) + " of " + rounds + ": " + String.join(",", order));
      }
      for (int n : counts) {
        for (String id : order) {
          Result r = runOne(id, n, polls, interval, workers);
          results.add(r);
          System.out.println(r);
        }
      }
    }
    System.out.println();
    System.out.println(table(results));
    if (rounds > 1) {
      System.out.println(medians(results, contenders));
    }
    System.exit(0);
  }

  static Result runOne(String id, int n, int polls, Duration interval, int workers)
      throws Exception {
    System.gc();
    System.gc();
    Duration deadline = interval.multipliedBy(10L * (polls + 1)).plusSeconds(120);
    try (ForkedEmulator emulator = ForkedEmulator.tls(workers, EMULATOR_HEAP)) {
      List<String> names = emulator.start(n, polls, 1);
      long[] seen = new long[names.size()];
      AtomicInteger completed = new AtomicInteger();
      AtomicInteger errors = new AtomicInteger();
      AtomicReference<String> firstError = new AtomicReference<>();
      long cpu0 = processCpuNanos();
      long wall0 = System.nanoTime();
      try (TlsContender c = contender(id, emulator.baseUri(), emulator.certificate(), interval, deadline)) {
        CountDownLatch settled = new CountDownLatch(names.size());
        Disposable[] watches = new Disposable[names.size()];
        for (int i = 0; i < names.size(); i++) {
          int index = i;
          watches[i] = c.watch(names.get(i)).subscribe(v -> { }, e -> {
            errors.incrementAndGet();
            firstError.compareAndSet(null, names.get(index) + ": " + e);
            settled.countDown();
          }, () -> {
            seen[index] = ForkedEmulatorMain.micros(Instant.now());
            completed.incrementAndGet();
            settled.countDown();
          });
        }
        if (!settled.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
          for (Disposable d : watches) {
            d.dispose();
          }
          int missing = names.size() - completed.get() - errors.get();
          errors.addAndGet(missing);
          firstError.compareAndSet(null, missing + " unfinished at the deadline " + deadline);
        }
      }
      double wall = (System.nanoTime() - wall0) / 1e9;
      double cpu = (processCpuNanos() - cpu0) / 1e9;
      // The child counts connections and handshakes from its start: only this contender's.
      ForkedEmulator.Stats stats = emulator.stats();
      long[] lags = new long[names.size()];
      int k = 0;
      for (int i = 0; i < names.size(); i++) {
        long doneAt = stats.doneAtMicros()[i];
        if (seen[i] != 0 && doneAt != 0) {
          lags[k++] = seen[i] - doneAt;
        }
      }
      Percentiles lag = Percentiles.of(Arrays.copyOf(lags, k));
      return new Result(id, n, stats.requests(), wall, cpu, stats.connections(), stats.handshakes(),
          stats.failedHandshakes(), stats.http2Requests(), lag.at(50) / 1000.0, lag.at(99) / 1000.0,
          completed.get(), errors.get(), firstError.get());
    } finally {
      HttpResources.disposeLoopsAndConnectionsLater().block(Duration.ofSeconds(10));
    }
  }

  private static TlsContender contender(
      String id, URI endpoint, X509Certificate root, Duration interval, Duration deadline) {
    Duration timeout = deadline.plusMinutes(1);
    return switch (id) {
      case "lro-h2" -> TlsContender.lro(id, endpoint, root, interval, timeout, 2);
      case "lro-h2x1" -> TlsContender.lro(id, endpoint, root, interval, timeout, 1);
      case "lro-h2x4" -> TlsContender.lro(id, endpoint, root, interval, timeout, 4);
      case "lro-h1" -> TlsContender.lro(id, endpoint, root, interval, timeout, 0);
      case "raw" -> TlsContender.raw(endpoint, root, interval);
      case "azure" -> TlsContender.azure(endpoint, root, interval);
      default -> throw new IllegalArgumentException("unknown contender \"" + id
          + "\" (lro-h2, lro-h2x1, lro-h2x4, lro-h1, raw, azure)");
    };
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Per contender and operation count: CPU µs/poll of each round, the median, and its ratio to lro-h1's median. */
  static String medians(List<Result> results, List<String> contenders) {
    StringBuilder b = new StringBuilder("| ops | contender | CPU µs/poll per round (run order) | median |"
        + " × lro-h1 (medians) | connections (max) | lag p99 ms (median) | errors (sum) |\n"
        + "|--:|---|---|--:|--:|--:|--:|--:|\n");
    for (int n : results.stream().map(Result::operations).distinct().sorted().toList()) {
      double h1 = Rounds.median(results.stream().filter(r -> r.operations() == n
          && r.contender().equals("lro-h1")).map(Result::cpuMicrosPerPoll).toList());
      for (String id : contenders) {
        List<Result> mine = results.stream()
            .filter(r -> r.operations() == n && r.contender().equals(id)).toList();
        if (mine.isEmpty()) {
          continue;
        }
        double m = Rounds.median(mine.stream().map(Result::cpuMicrosPerPoll).toList());
        b.append(String.format(Locale.ROOT, "| %,d | %s | %s | %.1f | %s | %d | %.1f | %d |%n", n, id,
            mine.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.cpuMicrosPerPoll())).toList(),
            m, Double.isNaN(h1) ? "—" : String.format(Locale.ROOT, "%.2f", m / h1),
            mine.stream().mapToLong(Result::connections).max().orElse(0),
            Rounds.median(mine.stream().map(Result::lagP99Ms).toList()),
            mine.stream().mapToInt(Result::errors).sum()));
      }
    }
    return b.toString();
  }

  /** A markdown table; CPU ratios against lro-h1 of the same operation count. */
  static String table(List<Result> results) {
    StringBuilder b = new StringBuilder("| contender | ops | requests | h2 requests | wall s |"
        + " client CPU s | CPU µs/poll | × lro-h1 | TCP connections | handshakes | lag p50 ms |"
        + " lag p99 ms | done | errors |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Result r : results) {
      Result h1 = results.stream().filter(x -> x.contender().equals("lro-h1")
          && x.operations() == r.operations()).findFirst().orElse(null);
      String ratio = h1 == null || h1.cpuMicrosPerPoll() == 0 ? "—"
          : String.format(Locale.ROOT, "%.2f", r.cpuMicrosPerPoll() / h1.cpuMicrosPerPoll());
      b.append(String.format(Locale.ROOT,
          "| %s | %,d | %,d | %,d | %.1f | %.2f | %.1f | %s | %d | %d | %.1f | %.1f | %,d | %d%s |%n",
          r.contender(), r.operations(), r.requests(), r.http2Requests(), r.wallSeconds(),
          r.cpuSeconds(), r.cpuMicrosPerPoll(), ratio, r.connections(), r.handshakes(),
          r.lagP50Ms(), r.lagP99Ms(), r.completed(), r.errors(),
          r.firstError() == null ? "" : " (" + r.firstError().replace('|', '/') + ")"));
    }
    return b.toString();
  }
}
