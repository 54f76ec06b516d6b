package dev.lropoller.bench.soak;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.model.ModelRef;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.Fault;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The soak: many operations, each done on its N-th poll, watched by one GoogleOperationPoller
 * (its own pool, as users build it) against an in-process emulator that injects a mix of the
 * fault matrix's transient faults at a fixed rate. Samples the heap after a full GC every few
 * seconds, then checks the emulator's own record: every operation it considers done was
 * delivered exactly once (none lost, none twice), and no connection stays open after close().
 *
 * <pre>
 * java -cp benchmarks/target/lro-poller-benchmarks.jar dev.lropoller.bench.soak.SoakRun \
 *     --operations 10000 --polls 100 --concurrency 500 --interval 100ms --fault-rate 0.02
 * </pre>
 */
public final class SoakRun {
  /** What one run is asked to do. */
  public record Config(
      int operations, int polls, int concurrency, Duration interval, double faultRate,
      Duration sampleEvery, Duration warmUp, long seed) {}

  /** What one run measured. */
  public record Result(
      Config config, long polls, long faults, long requests, double seconds, int delivered,
      int lost, int duplicated, int errors, String firstError, int emulatorDone,
      int openBeforeClose, int openAfterClose, List<double[]> heapSamples, double slopeMbPerMin,
      double heapMinMb, double heapMaxMb) {}

  private SoakRun() {}

  /**
   * Runs the soak from the command line and prints its table; exits 1 when a result was lost or
   * duplicated, a watch failed, or a connection stayed open after close().
   *
   * @param args see the class comment; every option has a default
   */
  public static void main(String[] args) {
    Config c = parse(args);
    Result r = run(c);
    System.out.println(report(r));
    if (r.lost() != 0 || r.duplicated() != 0 || r.errors() != 0 || r.openAfterClose() != 0) {
      System.exit(1);
    }
  }

  /**
   * Runs the soak.
   *
   * @param c what to run
   * @return what was measured
   */
  public static Result run(Config c) {
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().logCapacity(1_000).start()) {
      List<String> names = new ArrayList<>(c.operations());
      for (int i = 0; i < c.operations(); i++) {
        names.add(emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
            .displayName("model-" + i).doneAfterPolls(c.polls()).build()));
      }
      FaultMix.apply(emulator, c.faultRate(), c.seed());
      OperationPoller poller = GoogleOperationPoller.builder()
          .endpoint(emulator.baseUri())
          .noCredentials()
          .policy(PollPolicy.fixed(c.interval())
              .withRequestTimeout(FaultMix.REQUEST_TIMEOUT)
              .withTimeout(Duration.ofHours(2)))
          .build();
      AtomicIntegerArray results = new AtomicIntegerArray(c.operations());
      AtomicInteger errors = new AtomicInteger();
      AtomicReference<String> firstError = new AtomicReference<>();
      HeapSampler heap = HeapSampler.start(c.sampleEvery());
      long t0 = System.nanoTime();
      Flux.range(0, c.operations())
          .flatMap(i -> poller.model(names.get(i))
              .doOnNext(m -> {
                if (m.displayName().equals("model-" + i)) {
                  results.incrementAndGet(i);
                }
              })
              .onErrorResume(e -> {
                errors.incrementAndGet();
                firstError.compareAndSet(null, e.toString());
                return Mono.<ModelRef>empty();
              }), c.concurrency())
          .blockLast();
      double seconds = (System.nanoTime() - t0) / 1e9;
      List<double[]> samples = heap.stop();
      int openBefore = Connections.established(emulator.port());
      poller.close();
      int openAfter = Connections.awaitNone(emulator.port(), Duration.ofSeconds(10));

      int delivered = 0;
      int lost = 0;
      int duplicated = 0;
      int emulatorDone = 0;
      long polls = 0;
      for (int i = 0; i < c.operations(); i++) {
        int n = results.get(i);
        boolean done = emulator.doneAt(names.get(i)) != null;
        emulatorDone += done ? 1 : 0;
        polls += emulator.pollCount(names.get(i));
        delivered += n;
        if (done && n == 0) {
          lost++;
        }
        if (n > 1) {
          duplicated += n - 1;
        }
      }
      double[] fit = HeapSampler.fit(samples, c.warmUp().toMillis() / 1000.0);
      return new Result(c, polls, emulator.faultsInjected(), emulator.requestCount(), seconds,
          delivered, lost, duplicated, errors.get(), firstError.get(), emulatorDone, openBefore,
          openAfter, samples, fit[0], fit[1], fit[2]);
    }
  }

  /**
   * The result as a Markdown table, then the heap samples.
   *
   * @param r a result of {@link #run}
   * @return the text
   */
  public static String report(Result r) {
    Config c = r.config();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "Soak: %,d operations x %d polls, %d watched at once, every %s, fault rate %.1f %%%n",
        c.operations(), c.polls(), c.concurrency(), c.interval(), c.faultRate() * 100));
    sb.append("| measure | value |\n|---|--:|\n");
    row(sb, "successful polls (emulator's count)", String.format(Locale.ROOT, "%,d", r.polls()));
    row(sb, "requests (incl. faulted)", String.format(Locale.ROOT, "%,d", r.requests()));
    row(sb, "faults injected", String.format(Locale.ROOT, "%,d (%.2f %%)", r.faults(),
        100.0 * r.faults() / Math.max(1, r.requests())));
    row(sb, "wall time", String.format(Locale.ROOT, "%.1f s (%,.0f polls/s)", r.seconds(),
        r.polls() / r.seconds()));
    row(sb, "operations done (emulator's record)", String.format(Locale.ROOT, "%,d", r.emulatorDone()));
    row(sb, "results delivered", String.format(Locale.ROOT, "%,d", r.delivered()));
    row(sb, "lost (done, never delivered)", Integer.toString(r.lost()));
    row(sb, "duplicated (delivered twice)", Integer.toString(r.duplicated()));
    row(sb, "watch errors", r.errors() + (r.firstError() == null ? "" : " (first: " + r.firstError() + ")"));
    row(sb, "heap after GC, after warm-up: min / max", String.format(Locale.ROOT,
        "%.1f / %.1f MB", r.heapMinMb(), r.heapMaxMb()));
    row(sb, "heap after GC, trend after warm-up (least squares)", String.format(Locale.ROOT,
        "%+.3f MB/min over %d samples", r.slopeMbPerMin(), r.heapSamples().size()));
    row(sb, "open connections before close()", Integer.toString(r.openBeforeClose()));
    row(sb, "open connections after close()", Integer.toString(r.openAfterClose()));
    sb.append("\nheap after GC (s, MB): ");
    for (double[] s : r.heapSamples()) {
      sb.append(String.format(Locale.ROOT, "%.0f:%.1f ", s[0], s[1]));
    }
    return sb.append('\n').toString();
  }

  private static void row(StringBuilder sb, String what, String value) {
    sb.append("| ").append(what).append(" | ").append(value).append(" |\n");
  }

  /** The flags of {@link #main}, in the grammar of {@link CommandLine}; every one has a default. */
  static final List<String> FLAGS = List.of("--operations", "--polls", "--concurrency", "--interval",
      "--fault-rate", "--sample-every", "--warm-up", "--seed");

  /**
   * Reads the command line.
   *
   * @param args see the class comment; every flag has a default
   * @return what to run
   * @throws dev.lropoller.bench.support.UsageException for a bad flag or value, quoting it
   */
  public static Config parse(String[] args) {
    CommandLine cl = CommandLine.parse(args, FLAGS, List.of());
    return new Config(cl.atLeast("--operations", 1, 10_000), cl.atLeast("--polls", 1, 100),
        cl.atLeast("--concurrency", 1, 500), cl.duration("--interval", Duration.ofMillis(100)),
        cl.decimal("--fault-rate", 0.02), cl.duration("--sample-every", Duration.ofSeconds(5)),
        cl.duration("--warm-up", Duration.ofSeconds(60)), cl.longInteger("--seed", 7));
  }
}
