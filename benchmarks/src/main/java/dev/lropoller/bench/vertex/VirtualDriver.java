package dev.lropoller.bench.vertex;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Drives one virtual clock for a run whose requests are real: the clock moves in small steps, and
 * only while no request is in flight, so every request is sent and answered at the virtual
 * instant its timer fired (give or take one step). Contenders report each request's send and
 * answer ({@link #sent()}, {@link #answered()}); their timers run on {@link #scheduler()}.
 */
final class VirtualDriver {
  /** How long a request may take in real time before the run is abandoned. */
  static final Duration QUIET_LIMIT = Duration.ofSeconds(120);

  private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ThreadLocal<int[]> owed = ThreadLocal.withInitial(() -> new int[1]);
  private final Instant start;

  /**
   * A driver whose clock starts at {@code start}.
   *
   * @param start the first virtual instant
   */
  VirtualDriver(Instant start) {
    this.start = start;
    scheduler.advanceTimeTo(start);
  }

  /** The virtual scheduler: give it to the poller, schedule loops on it. */
  VirtualTimeScheduler scheduler() {
    return scheduler;
  }

  /** The first virtual instant. */
  Instant start() {
    return start;
  }

  /** Virtual nanoseconds since {@link #start()}. */
  long elapsedNanos() {
    return scheduler.now(TimeUnit.NANOSECONDS) - (start.getEpochSecond() * 1_000_000_000L + start.getNano());
  }

  /** A request was sent. */
  void sent() {
    inFlight.incrementAndGet();
  }

  /** A request was answered (or failed). */
  void answered() {
    inFlight.decrementAndGet();
  }

  /**
   * A request was answered, but what the answer leads to (the next timer, or the end of a watch)
   * is still being done on this thread: the clock stays still until {@link #settle()} on this
   * thread. For clients that report the answer before they arm the next timer.
   */
  void answeredPending() {
    owed.get()[0]++;
  }

  /** Counts this thread's {@link #answeredPending()} answers as answered; nothing if none. */
  void settle() {
    int[] o = owed.get();
    if (o[0] > 0) {
      inFlight.addAndGet(-o[0]);
      o[0] = 0;
    }
  }

  /**
   * Advances the clock by {@code step} at a time, each step once no request is in flight, until
   * {@code finished} holds or {@code limit} of virtual time has passed.
   *
   * @param finished checked whenever no request is in flight
   * @param step the virtual step, positive
   * @param limit the most virtual time to run
   * @return true if {@code finished} held, false if the limit was reached first
   * @throws IllegalStateException if requests stay in flight for {@link #QUIET_LIMIT} of real time
   */
  boolean runUntil(BooleanSupplier finished, Duration step, Duration limit) {
    long stepNanos = step.toNanos();
    long limitNanos = limit.toNanos();
    while (true) {
      awaitQuiet();
      if (finished.getAsBoolean()) {
        return true;
      }
      if (elapsedNanos() >= limitNanos) {
        return false;
      }
      scheduler.advanceTimeBy(Duration.ofNanos(stepNanos));
    }
  }

  private void awaitQuiet() {
    long deadline = System.nanoTime() + QUIET_LIMIT.toNanos();
    int spins = 0;
    while (inFlight.get() > 0) {
      if (++spins < 100) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(20_000);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(inFlight.get() + " requests still in flight after "
            + QUIET_LIMIT + " of real time, at virtual " + Duration.ofNanos(elapsedNanos()));
      }
    }
  }
}
