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
    VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    SimTransport server = new SimTransport(clock, w.runs());
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Disposable> watches = new ArrayList<>(w.runs().size());
    try (OperationPoller poller = OperationPoller.builder(server).scheduler(clock).policy(policy)
        .build()) {
      for (SimRun r : w.runs()) {
        watches.add(poller.poll(r.name()).then()
            .subscribe(v -> { }, e -> failed.incrementAndGet(), completed::incrementAndGet));
      }
      Duration longestWait = policy.aiming() == null ? policy.maxInterval()
          : policy.aiming().maxInterval();
      clock.advanceTimeBy(w.longestRun().plus(longestWait).plus(Duration.ofMinutes(1)));
    } finally {
      watches.forEach(Disposable::dispose);
      clock.dispose();
    }
    if (completed.get() != w.runs().size()) {
      throw new IllegalStateException(label + ": " + completed.get() + " of " + w.runs().size()
          + " watches completed, " + failed.get() + " failed");
    }
    return Tally.of(label, server);
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
