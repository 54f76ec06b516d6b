package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The engine's request-timeout queue under virtual time: each timeout fires at the instant a
 * timer of its own would, settled ones never fire, and one scheduler timer serves the queue.
 */
class RequestTimeoutsTest {
  private static final long TIMEOUT = Duration.ofSeconds(30).toNanos();

  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final PendingTimers timers = new PendingTimers(vts);
  private final RequestTimeouts timeouts = new RequestTimeouts(timers);
  /** What fired: "epoch@millis". */
  private final List<String> fired = new ArrayList<>();
  private final RequestTimeouts.Target target =
      epoch -> fired.add(epoch + "@" + vts.now(TimeUnit.MILLISECONDS));

  private Disposable start(int epoch, long timeoutNanos) {
    return timeouts.start(target, epoch, vts.now(TimeUnit.NANOSECONDS), timeoutNanos);
  }

  @Test
  void thousandTimeoutsShareOneTimerAndEachFiresAtItsOwnDeadline() {
    for (int i = 0; i < 1000; i++) {
      start(i, TIMEOUT);
      vts.advanceTimeBy(Duration.ofMillis(7));
    }
    // 1000 live timeouts, one pending scheduler task.
    assertThat(timers.pending()).isEqualTo(1);
    assertThat(timeouts.size()).isEqualTo(1000);

    vts.advanceTimeBy(Duration.ofSeconds(30).minusMillis(7000 + 1));
    assertThat(fired).isEmpty();
    vts.advanceTimeBy(Duration.ofMillis(1));
    assertThat(fired).containsExactly("0@30000");

    vts.advanceTimeBy(Duration.ofSeconds(10));
    assertThat(fired).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(fired.get(i)).isEqualTo(i + "@" + (30_000 + 7L * i));
    }
    assertThat(timers.pending()).isZero();
    assertThat(timeouts.size()).isZero();
  }

  @Test
  void settledTimeoutsNeverFireAndTheLastSettleLeavesNoTimerPending() {
    List<Disposable> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(start(i, TIMEOUT));
      vts.advanceTimeBy(Duration.ofSeconds(1));
    }
    // Settled out of order, as answers come: the head last.
    for (int i = 9; i >= 1; i--) {
      if (i != 5) {
        all.get(i).dispose();
      }
    }
    assertThat(timers.pending()).isEqualTo(1);
    all.get(0).dispose();
    assertThat(timeouts.size()).as("settled entries behind the head are dropped with it")
        .isEqualTo(5);
    vts.advanceTimeBy(Duration.ofMinutes(2));
    assertThat(fired).containsExactly("5@35000");
    assertThat(timers.pending()).isZero();

    Disposable last = start(99, TIMEOUT);
    assertThat(timers.pending()).isEqualTo(1);
    last.dispose();
    assertThat(last.isDisposed()).isTrue();
    assertThat(timers.pending()).as("nothing live left: the queue's timer is cancelled").isZero();
    vts.advanceTimeBy(Duration.ofMinutes(2));
    assertThat(fired).containsExactly("5@35000");
  }

  @Test
  void aShorterTimeoutGetsItsOwnTimerAndStillFiresOnTime() {
    start(1, TIMEOUT);
    vts.advanceTimeBy(Duration.ofSeconds(1));
    // Cut to what is left of a budget: due before the queue's last entry.
    Disposable cut = start(2, Duration.ofSeconds(4).toNanos());
    assertThat(timers.pending()).isEqualTo(2);
    assertThat(timeouts.size()).isEqualTo(1);
    start(3, TIMEOUT);

    vts.advanceTimeBy(Duration.ofSeconds(40));
    assertThat(fired).containsExactly("2@5000", "1@30000", "3@31000");
    assertThat(cut.isDisposed()).isTrue();
    assertThat(timers.pending()).isZero();
  }

  @Test
  void timeoutsDueAtOneInstantFireInTheOrderTheyStartedAndAFailingOneStopsNoOther() {
    List<String> order = new ArrayList<>();
    RequestTimeouts.Target throwing = epoch -> {
      order.add("throw" + epoch);
      throw new IllegalStateException("listener failed");
    };
    RequestTimeouts.Target recording = epoch -> order.add("ok" + epoch);
    long now = vts.now(TimeUnit.NANOSECONDS);
    timeouts.start(recording, 1, now, TIMEOUT);
    timeouts.start(throwing, 2, now, TIMEOUT);
    timeouts.start(recording, 3, now, TIMEOUT);

    // The failure reaches the scheduler, as a throwing timer of its own would, after the others.
    assertThatThrownBy(() -> vts.advanceTimeBy(Duration.ofSeconds(30)))
        .isInstanceOf(IllegalStateException.class).hasMessage("listener failed");
    assertThat(order).containsExactly("ok1", "throw2", "ok3");
    assertThat(timers.pending()).isZero();
  }

  @Test
  void aClockSetBackDoesNotHoldBackTimeoutsStartedBeforeIt() {
    ShiftedClock shifted = new ShiftedClock(vts);
    RequestTimeouts onShifted = new RequestTimeouts(shifted);
    onShifted.start(target, 1, shifted.now(TimeUnit.NANOSECONDS), TIMEOUT);
    vts.advanceTimeBy(Duration.ofSeconds(2));
    onShifted.start(target, 2, shifted.now(TimeUnit.NANOSECONDS), TIMEOUT);
    shifted.offsetNanos = -Duration.ofHours(1).toNanos();

    vts.advanceTimeBy(Duration.ofSeconds(28));
    assertThat(fired).containsExactly("1@30000");
    vts.advanceTimeBy(Duration.ofSeconds(2));
    assertThat(fired).containsExactly("1@30000", "2@32000");
  }

  /** The virtual time's timers, with a clock that can be set off by an offset. */
  private static final class ShiftedClock implements reactor.core.scheduler.Scheduler {
    private final VirtualTimeScheduler delegate;
    volatile long offsetNanos;

    ShiftedClock(VirtualTimeScheduler delegate) {
      this.delegate = delegate;
    }

    @Override
    public Disposable schedule(Runnable task) {
      return delegate.schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
      return delegate.schedule(task, delay, unit);
    }

    @Override
    public long now(TimeUnit unit) {
      return unit.convert(delegate.now(TimeUnit.NANOSECONDS) + offsetNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public Worker createWorker() {
      return delegate.createWorker();
    }
  }
}
