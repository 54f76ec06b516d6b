package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A timer whose dispose lost the race (it was already running on another thread) fires into a
 * run that has moved on: it must send nothing, retry nothing and hold no slot. Virtual time, with
 * a scheduler whose dispose does not stop the task.
 */
class StaleTimerTest {
  private static final String A = "projects/p/locations/l/operations/a";
  private static final String B = "projects/p/locations/l/operations/b";

  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final LateDisposeScheduler late = new LateDisposeScheduler(vts);
  private final FakeOperationsTransport fake = new FakeOperationsTransport(vts);

  private OperationPoller poller(int maxInFlight) {
    return OperationPoller.builder(fake).scheduler(late).maxInFlight(maxInFlight)
        .policy(PollPolicy.defaults().withJitter(0.0)).build();
  }

  @Test
  void aRetryTimerThatFiresAfterItsWatchWasCancelledSendsNothing() {
    fake.script(A).httpError(503).running(10);
    OperationPoller poller = poller(1);
    Disposable watch = poller.poll(A).subscribe();
    vts.advanceTime();
    assertThat(fake.count(Kind.GET)).isEqualTo(1);

    watch.dispose();
    vts.advanceTimeBy(Duration.ofMinutes(5));

    assertThat(late.ranAfterDispose()).as("the stale retry timer fired").isPositive();
    assertThat(fake.count(Kind.GET)).isEqualTo(1);
    assertThat(poller.activeWatches()).isZero();
  }

  @Test
  void aQueuedWatchCancelledBeforeItsTurnIsNeverSentWhenItsTimerFiresLate() {
    fake.script(A).doneEmpty();
    fake.script(B).doneEmpty();
    OperationPoller poller = OperationPoller.builder(fake).scheduler(late).maxRequestsPerMinute(1)
        .policy(PollPolicy.defaults().withJitter(0.0)).build();
    poller.completion(A).subscribe();
    Disposable queued = poller.poll(B).subscribe();
    vts.advanceTime();
    assertThat(fake.count(Kind.GET)).as("B waits for the next minute").isEqualTo(1);

    queued.dispose();
    vts.advanceTimeBy(Duration.ofMinutes(5));

    assertThat(fake.count(Kind.GET)).isEqualTo(1);
    assertThat(poller.activeWatches()).isZero();
  }

  @Test
  void aRequestTimerThatFiresAfterItsWatchWasCancelledRetriesNothingAndFreesTheSlot() {
    fake.script(A).hang();
    fake.script(B).doneEmpty();
    OperationPoller poller = poller(1);
    Disposable watch = poller.poll(A).subscribe();
    vts.advanceTime();
    assertThat(fake.count(Kind.GET)).isEqualTo(1);

    watch.dispose();
    vts.advanceTimeBy(poller.policy().requestTimeout().plusMinutes(5));

    assertThat(late.ranAfterDispose()).as("the stale request timer fired").isPositive();
    assertThat(fake.count(Kind.GET)).isEqualTo(1);
    // The only slot is free: another watch is sent at once and ends.
    Boolean[] completed = {false};
    poller.completion(B).subscribe(null, e -> { }, () -> completed[0] = true);
    vts.advanceTime();
    assertThat(completed[0]).isTrue();
    assertThat(fake.count(Kind.GET)).isEqualTo(2);
  }
}
