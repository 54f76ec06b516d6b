package dev.lropoller.internal.engine;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A test scheduler that passes every task on to another one (virtual time) and counts the timers
 * still pending: scheduled, neither run nor disposed. Single-threaded tests only.
 */
final class CountedTimers implements Scheduler {
  private final Scheduler time;
  private final Set<Disposable> pending = new HashSet<>();

  CountedTimers(Scheduler time) {
    this.time = time;
  }

  int pending() {
    return pending.size();
  }

  @Override
  public Disposable schedule(Runnable task) {
    return schedule(task, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    Timer t = new Timer(task);
    pending.add(t);
    t.inner = time.schedule(t, delay, unit);
    return t;
  }

  private final class Timer implements Runnable, Disposable {
    private final Runnable task;
    private Disposable inner;

    Timer(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      pending.remove(this);
      task.run();
    }

    @Override
    public void dispose() {
      pending.remove(this);
      inner.dispose();
    }
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
