package dev.lropoller.bench.vertex;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/**
 * A {@link Clock} that reads a Reactor {@link Scheduler}'s time, so that an emulator and a poller
 * share one virtual clock: with a {@code VirtualTimeScheduler} the emulator's jobs advance exactly
 * as far as the poller's timers. Nanosecond resolution, UTC. Used by the Vertex runs and by
 * {@code bench.sim.EmulatorAimRun}.
 */
public final class SchedulerClock extends Clock {
  private final Scheduler scheduler;

  /**
   * A clock on this scheduler's time.
   *
   * @param scheduler not null
   */
  public SchedulerClock(Scheduler scheduler) {
    this.scheduler = java.util.Objects.requireNonNull(scheduler, "scheduler");
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /**
   * Always UTC: this clock has no other zone.
   *
   * @param zone ignored unless UTC
   * @return this clock
   * @throws UnsupportedOperationException for another zone, naming it
   */
  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("a SchedulerClock is UTC only, asked for " + zone);
    }
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochSecond(0, scheduler.now(TimeUnit.NANOSECONDS));
  }

  @Override
  public String toString() {
    return "SchedulerClock[" + scheduler + "]";
  }
}
