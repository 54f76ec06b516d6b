package dev.lropoller.bench.sim;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A schedule carried out by lro-poller itself: every run is watched by one {@link OperationPoller}
 * with {@code policy}, on a virtual clock, against {@link SimTransport}. Hours of polling take
 * seconds, and the engine's real timers, jitter and budget code decide every request.
 */
final class EngineSchedule {
  private final String label;
  private final PollPolicy policy;

  EngineSchedule(String label, PollPolicy policy) {
    this.label = label;
    this.policy = policy;
  }

  String label() {
    return label;
  }

  ScheduleResult run(Workload w) {
    return run(null, w);
  }

  /**
   * Watches the runs of {@code earlier} (may be {@code null}) to their end first, then, on the
   * same poller and clock, the runs of {@code w}, counting only {@code w}'s requests and lags:
   * the earlier runs fill the poller's history, as a service that has watched them would have.
   * Their names must differ from {@code w}'s.
   */
  ScheduleResult run(Workload earlier, Workload w) {
    return run(earlier, w, Duration.ZERO);
  }

  /**
   * As {@link #run(Workload, Workload)}, the runs of each workload started one after another,
   * {@code every} apart (zero: all at once), as a service that launches runs steadily would.
   */
  ScheduleResult run(Workload earlier, Workload w, Duration every) {
    VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    SimTransport server = new SimTransport(clock, List.of());
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Disposable> watches = new ArrayList<>();
    Duration longestWait = policy.aiming() == null ? policy.maxInterval()
        : policy.aiming().maxInterval();
    int expected = w.runs().size() + (earlier == null ? 0 : earlier.runs().size());
    try (OperationPoller poller = OperationPoller.builder(server).scheduler(clock).policy(policy)
        .build()) {
      if (earlier != null) {
        startAll(poller, server, clock, earlier, every, watches, completed, failed);
        clock.advanceTimeBy(earlier.longestRun().plus(longestWait).plus(Duration.ofMinutes(1)));
        earlier.runs().forEach(r -> server.tallies().remove(r.name()));
      }
      startAll(poller, server, clock, w, every, watches, completed, failed);
      clock.advanceTimeBy(w.longestRun().plus(longestWait).plus(Duration.ofMinutes(1)));
    } finally {
      watches.forEach(Disposable::dispose);
      clock.dispose();
    }
    if (completed.get() != expected) {
      throw new IllegalStateException(label + ": " + completed.get() + " of " + expected
          + " watches completed, " + failed.get() + " failed");
    }
    return Tally.of(label, server);
  }

  private static void startAll(OperationPoller poller, SimTransport server,
      VirtualTimeScheduler clock, Workload w, Duration every, List<Disposable> watches,
      AtomicInteger completed, AtomicInteger failed) {
    for (SimRun r : w.runs()) {
      if (!every.isZero() && !watches.isEmpty()) {
        clock.advanceTimeBy(every);
      }
      server.add(List.of(r));
      watches.add(poller.poll(r.name()).then()
          .subscribe(v -> { }, e -> failed.incrementAndGet(), completed::incrementAndGet));
    }
  }

  /** Reads the server's counts into a result. */
  static final class Tally {
    private Tally() {}

    static ScheduleResult of(String label, SimTransport server) {
      long requests = 0;
      List<Long> lags = new ArrayList<>();
      int unseen = 0;
      for (SimTransport.Tally t : server.tallies().values()) {
        requests += t.requests;
        if (t.doneSeenNanos < 0) {
          unseen++;
        } else {
          lags.add(t.doneSeenNanos - t.run.duration().toNanos());
        }
      }
      long[] lag = lags.stream().mapToLong(Long::longValue).toArray();
      int runs = server.tallies().size();
      return new ScheduleResult(label, runs, requests / (double) runs, lag, unseen);
    }
  }
}
