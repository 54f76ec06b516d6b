package dev.lropoller;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A scheduler that passes every task to another one and knows which of them are still pending:
 * scheduled, not run yet and not disposed. Tests use it to show that nothing is left behind.
 */
final class PendingTimers implements Scheduler {
  private final Scheduler delegate;
  private final Set<Task> pending = ConcurrentHashMap.newKeySet();

  PendingTimers(Scheduler delegate) {
    this.delegate = delegate;
  }

  /** @return the tasks scheduled and neither run nor disposed */
  int pending() {
    return pending.size();
  }

  @Override
  public Disposable schedule(Runnable task) {
    Task t = new Task(task);
    pending.add(t);
    t.inner = delegate.schedule(t);
    return t;
  }

  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    Task t = new Task(task);
    pending.add(t);
    t.inner = delegate.schedule(t, delay, unit);
    return t;
  }

  @Override
  public long now(TimeUnit unit) {
    return delegate.now(unit);
  }

  @Override
  public Worker createWorker() {
    return delegate.createWorker();
  }

  private final class Task implements Runnable, Disposable {
    private final Runnable task;
    private volatile Disposable inner;

    Task(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      if (pending.remove(this)) {
        task.run();
      }
    }

    @Override
    public void dispose() {
      pending.remove(this);
      Disposable d = inner;
      if (d != null) {
        d.dispose();
      }
    }

    @Override
    public boolean isDisposed() {
      return !pending.contains(this);
    }
  }
}
