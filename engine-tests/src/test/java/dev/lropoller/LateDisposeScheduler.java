package dev.lropoller;

import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A test scheduler whose timers run even after they were disposed, as a timer already running on
 * another thread does when its dispose comes too late. Passes every task on to another scheduler
 * (virtual time) and counts the tasks that ran after their dispose. Single-threaded tests only.
 */
final class LateDisposeScheduler implements Scheduler {
  private final Scheduler time;
  private int ranAfterDispose;

  LateDisposeScheduler(Scheduler time) {
    this.time = time;
  }

  /** How many tasks ran although they had been disposed. */
  int ranAfterDispose() {
    return ranAfterDispose;
  }

  @Override
  public Disposable schedule(Runnable task) {
    return schedule(task, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    boolean[] disposed = new boolean[1];
    time.schedule(() -> {
      if (disposed[0]) {
        ranAfterDispose++;
      }
      task.run();
    }, delay, unit);
    return () -> disposed[0] = true;
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
