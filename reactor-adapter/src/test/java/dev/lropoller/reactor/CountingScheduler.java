package dev.lropoller.reactor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A scheduler that delegates to another and counts its timers: tasks scheduled and neither run
 * to the end nor disposed yet. A watch that ended or was cancelled must leave this at zero.
 */
final class CountingScheduler implements Scheduler {
  private final Scheduler delegate;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger scheduled = new AtomicInteger();

  CountingScheduler(Scheduler delegate) {
    this.delegate = delegate;
  }

  /** Timers not yet run or disposed. */
  int pending() {
    return pending.get();
  }

  /** Timers ever scheduled. */
  int scheduled() {
    return scheduled.get();
  }

  @Override
  public Disposable schedule(Runnable task) {
    Tracked t = new Tracked(task);
    return t.attach(delegate.schedule(t));
  }

  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    Tracked t = new Tracked(task);
    return t.attach(delegate.schedule(t, delay, unit));
  }

  @Override
  public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("the engine schedules no periodic task");
  }

  @Override
  public long now(TimeUnit unit) {
    return delegate.now(unit);
  }

  @Override
  public Worker createWorker() {
    Worker w = delegate.createWorker();
    return new Worker() {
      @Override
      public Disposable schedule(Runnable task) {
        Tracked t = new Tracked(task);
        return t.attach(w.schedule(t));
      }

      @Override
      public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Tracked t = new Tracked(task);
        return t.attach(w.schedule(t, delay, unit));
      }

      @Override
      public void dispose() {
        w.dispose();
      }

      @Override
      public boolean isDisposed() {
        return w.isDisposed();
      }
    };
  }

  @Override
  public void dispose() {
    delegate.dispose();
  }

  @Override
  public void init() {
    delegate.init();
  }

  @Override
  public String toString() {
    return "CountingScheduler[" + delegate + ", pending=" + pending + "]";
  }

  /** Counts itself out once: when it has run, or when it is disposed first. */
  private final class Tracked implements Runnable, Disposable {
    private final Runnable task;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Disposable inner;

    Tracked(Runnable task) {
      this.task = task;
      pending.incrementAndGet();
      scheduled.incrementAndGet();
    }

    Disposable attach(Disposable d) {
      inner = d;
      return this;
    }

    @Override
    public void run() {
      try {
        task.run();
      } finally {
        finish();
      }
    }

    @Override
    public void dispose() {
      Disposable d = inner;
      if (d != null) {
        d.dispose();
      }
      finish();
    }

    @Override
    public boolean isDisposed() {
      return done.get();
    }

    private void finish() {
      if (done.compareAndSet(false, true)) {
        pending.decrementAndGet();
      }
    }
  }
}
