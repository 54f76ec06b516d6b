package dev.lropoller.bench.timer;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * Netty's {@link HashedWheelTimer} behind Reactor's {@link Scheduler}, for the timer benchmark
 * only: delayed tasks go into the wheel (O(1) schedule and cancel, fired at tick granularity)
 * and run on the wheel's thread; immediate tasks run on {@code executor}. Not a product class.
 */
public final class WheelTimerScheduler implements Scheduler {
  private final HashedWheelTimer wheel;
  private final Scheduler executor;

  /**
   * A wheel with the given tick and slots.
   *
   * @param tickMillis tick duration in milliseconds
   * @param slots wheel size (rounded up to a power of two by Netty)
   * @param executor where immediate tasks run
   */
  public WheelTimerScheduler(long tickMillis, int slots, Scheduler executor) {
    ThreadFactory f = r -> {
      Thread t = new Thread(r, "bench-wheel");
      t.setDaemon(true);
      return t;
    };
    this.wheel = new HashedWheelTimer(f, tickMillis, TimeUnit.MILLISECONDS, slots, false);
    this.executor = executor;
    wheel.start();
  }

  @Override
  public Disposable schedule(Runnable task) {
    return executor.schedule(task);
  }

  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    Timeout t = wheel.newTimeout(timeout -> task.run(), delay, unit);
    return new Disposable() {
      @Override
      public void dispose() {
        t.cancel();
      }

      @Override
      public boolean isDisposed() {
        return t.isCancelled() || t.isExpired();
      }
    };
  }

  @Override
  public Worker createWorker() {
    Disposable.Composite tasks = Disposables.composite();
    return new Worker() {
      @Override
      public Disposable schedule(Runnable task) {
        return executor.schedule(task);
      }

      @Override
      public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return WheelTimerScheduler.this.schedule(task, delay, unit);
      }

      @Override
      public void dispose() {
        tasks.dispose();
      }

      @Override
      public boolean isDisposed() {
        return tasks.isDisposed();
      }
    };
  }

  @Override
  public void dispose() {
    wheel.stop();
  }
}
