package dev.lropoller.demo;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.bench.support.Percentiles;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.Fault;
import dev.lropoller.testing.emulator.OperationScript;
import dev.lropoller.testing.emulator.ProjectTraffic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Part two: many operations of a few projects watched at once by one poller, against an
 * emulator that injects 503 answers and connection resets and enforces a per-project quota.
 * Measures polls, retries, quota 429s, cool-downs, CPU, heap, threads and detection lag.
 */
final class ScaleRun {
  private static final AutoMlRpc[] KINDS = {
      AutoMlRpc.IMPORT_DATA, AutoMlRpc.CREATE_MODEL, AutoMlRpc.DEPLOY_MODEL,
      AutoMlRpc.EXPORT_MODEL};
  private static final int MAX_ERRORS_KEPT = 5;

  private final AutoMlEmulator emulator;
  private final ScaleSettings settings;
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final LongAdder coolDowns = new LongAdder();

  ScaleRun(AutoMlEmulator emulator, ScaleSettings settings) {
    this.emulator = emulator;
    this.settings = settings;
  }

  /** The policy of part two: the fixed interval with 10% jitter, first poll one interval in. */
  static PollPolicy policy(Duration interval) {
    return PollPolicy.fixed(interval).withJitter(0.1).withFirstPollDelay(interval);
  }

  /**
   * Configures the emulator's quota for part two's projects; call before {@code builder.start()}.
   *
   * @param builder the emulator's builder
   * @param settings part two's settings
   * @return the builder
   */
  static AutoMlEmulator.Builder withQuotas(AutoMlEmulator.Builder builder, ScaleSettings settings) {
    for (int p = 0; p < settings.projects(); p++) {
      builder.quotaPerMinute(ScaleSettings.project(p), settings.quotaPerMinute());
    }
    return builder;
  }

  /** Hears the poller's cool-downs (there should be none). */
  PollListener listener() {
    return new PollListener() {
      @Override
      public void coolDownStarted(String project, Duration delay) {
        coolDowns.increment();
      }
    };
  }

  /** Runs part two with {@code poller} (built on this emulator) and returns what it measured. */
  ScaleSummary run(OperationPoller poller) {
    int n = settings.operations();
    SplittableRandom random = new SplittableRandom(42);
    long spreadNanos = settings.maxDone().minus(settings.minDone()).toNanos();
    Duration[] doneAfter = new Duration[n];
    for (int i = 0; i < n; i++) {
      doneAfter[i] = settings.minDone().plusNanos(spreadNanos == 0 ? 0 : random.nextLong(spreadNanos + 1));
    }
    emulator.faults().clear().seed(42)
        .rate(settings.rate503(), Fault.status(503))
        .rate(settings.rateReset(), Fault.connectionReset());
    emulator.resetLog();
    long rejectedBefore = emulator.quotaRejections();

    ResourceMeter meter = new ResourceMeter();
    meter.start();
    // One plain subscriber per watch, not Flux.flatMap(…, n): with n inners flatMap's drain loop
    // scans all of them on each completion, O(n²) at 100,000 operations.
    Watched[] ended = new Watched[n];
    CountDownLatch settled = new CountDownLatch(n);
    Disposable[] watches = new Disposable[n];
    for (int i = 0; i < n; i++) {
      int index = i;
      watches[i] = Mono.delay(startOffset(i, n))
          .then(Mono.defer(() -> watch(poller, index, doneAfter[index])))
          .subscribe(w -> {
            ended[index] = w;
            settled.countDown();
          });
    }
    boolean all;
    try {
      all = settled.await(settings.deadline().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all = false;
    }
    if (!all) {
      for (Disposable d : watches) {
        d.dispose();
      }
    }
    List<Watched> results = new ArrayList<>(n);
    for (Watched w : ended) {
      if (w != null) {
        results.add(w);
      }
    }
    ResourceUsage usage = meter.stop();
    long requests = emulator.requestCount();
    long faults = emulator.faultsInjected();
    long rejected = emulator.quotaRejections() - rejectedBefore;
    emulator.faults().clear();
    return summarize(results, requests, faults, rejected, usage);
  }

  private Duration startOffset(int i, int n) {
    return Duration.ofNanos(settings.rampUp().toNanos() * i / n);
  }

  private Mono<Watched> watch(OperationPoller poller, int i, Duration doneAfter) {
    AutoMlRpc kind = KINDS[i % KINDS.length];
    String parent = "projects/" + ScaleSettings.project(i % settings.projects()) + "/locations/us-central1";
    String name = emulator.startOperation(
        OperationScript.builder(kind).parent(parent).doneAfter(doneAfter).build());
    started.incrementAndGet();
    Mono<?> typed = kind == AutoMlRpc.CREATE_MODEL ? poller.model(name) : poller.completion(name);
    return typed
        .then(Mono.fromSupplier(() -> Watched.done(name, Instant.now())))
        .onErrorResume(e -> Mono.just(Watched.failed(name, e)))
        .doOnNext(w -> finished.incrementAndGet());
  }

  /** Operations started so far. */
  int started() {
    return started.get();
  }

  /** Watches ended so far. */
  int finished() {
    return finished.get();
  }

  /** Cool-downs the poller started so far. */
  long coolDowns() {
    return coolDowns.sum();
  }

  /** The most requests of one of part two's projects that arrived in any 60 s window. */
  private int busiestProjectMinute() {
    int most = 0;
    for (int p = 0; p < settings.projects(); p++) {
      ProjectTraffic t = emulator.projectTraffic().get(ScaleSettings.project(p));
      most = Math.max(most, t == null ? 0 : t.peakArrivalsPerMinute());
    }
    return most;
  }

  private ScaleSummary summarize(
      List<Watched> results, long requests, long faults, long rejected, ResourceUsage usage) {
    List<String> errors = new ArrayList<>();
    int failed = 0;
    long[] lags = new long[results.size()];
    int succeeded = 0;
    for (Watched w : results) {
      if (w.error != null) {
        failed++;
        if (errors.size() < MAX_ERRORS_KEPT) {
          errors.add(w.name + ": " + w.error);
        }
      } else {
        lags[succeeded++] = Duration.between(emulator.doneAt(w.name), w.completedAt).toNanos();
      }
    }
    if (failed > MAX_ERRORS_KEPT) {
      errors.add("... and " + (failed - MAX_ERRORS_KEPT) + " more");
    }
    if (results.size() < settings.operations()) {
      errors.add((settings.operations() - results.size()) + " watches never ended");
    }
    long[] ok = java.util.Arrays.copyOf(lags, succeeded);
    Percentiles p = Percentiles.of(ok);
    return new ScaleSummary(settings.operations(), succeeded, List.copyOf(errors), requests, faults,
        rejected, coolDowns(), busiestProjectMinute(), usage, Duration.ofNanos(p.at(50)),
        Duration.ofNanos(p.at(99)), Duration.ofNanos(p.max()));
  }

  /** One finished watch. */
  private record Watched(String name, Instant completedAt, Throwable error) {
    static Watched done(String name, Instant at) {
      return new Watched(name, at, null);
    }

    static Watched failed(String name, Throwable e) {
      return new Watched(name, null, e);
    }
  }
}
