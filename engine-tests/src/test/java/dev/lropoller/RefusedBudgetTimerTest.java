package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A watch queued behind a per-minute budget on a scheduler that refuses long timers (shut down,
 * or bounded) still ends, with the refusal, instead of waiting for ever; and a later watch of the
 * project is sent once the budget allows it. Virtual time.
 */
class RefusedBudgetTimerTest {
  private static final String A = "projects/p/locations/l/operations/a";
  private static final String B = "projects/p/locations/l/operations/b";
  private static final String C = "projects/p/locations/l/operations/c";

  /** Passes timers of at most 45 s on to virtual time (request timeouts) and refuses longer ones (the budget's minute, a watch's deadline). */
  private static final class ShortTimersOnly implements Scheduler {
    private final Scheduler time;
    int refused;

    ShortTimersOnly(Scheduler time) {
      this.time = time;
    }

    @Override
    public Disposable schedule(Runnable task) {
      return time.schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
      if (unit.toSeconds(delay) > 45) {
        refused++;
        throw new RejectedExecutionException("refused a timer of " + unit.toSeconds(delay) + " s");
      }
      return time.schedule(task, delay, unit);
    }

    @Override
    public long now(TimeUnit unit) {
      return time.now(unit);
    }

    @Override
    public Worker createWorker() {
      return time.createWorker();
    }
  }

  @Test
  void aQueuedWatchWhoseBudgetTimerIsRefusedEndsWithTheRefusal() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    ShortTimersOnly scheduler = new ShortTimersOnly(vts);
    FakeOperationsTransport fake = new FakeOperationsTransport(vts);
    fake.script(A).doneEmpty();
    fake.script(B).doneEmpty();
    fake.script(C).doneEmpty();
    OperationPoller poller = OperationPoller.builder(fake).scheduler(scheduler)
        .maxRequestsPerMinute(1).policy(PollPolicy.defaults().withJitter(0.0)).build();

    StepVerifier.create(poller.completion(A)).verifyComplete();
    StepVerifier.create(poller.completion(B))
        .expectErrorSatisfies(e -> assertThat(e).hasStackTraceContaining("refused a timer"))
        .verify(Duration.ofSeconds(5));

    assertThat(poller.activeWatches()).isZero();
    assertThat(fake.count(Kind.GET)).isEqualTo(1);
    vts.advanceTimeBy(Duration.ofMinutes(1));
    StepVerifier.create(poller.completion(C)).verifyComplete();
    assertThat(fake.count(Kind.GET)).isEqualTo(2);
    assertThat(scheduler.refused).as("the lane's and the call's long timers").isGreaterThanOrEqualTo(2);
  }
}
