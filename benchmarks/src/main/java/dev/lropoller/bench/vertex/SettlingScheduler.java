package dev.lropoller.bench.vertex;

import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The driver's virtual scheduler as the poller sees it: once a task is scheduled, the answers
 * the scheduling thread reported as pending ({@link VirtualDriver#answeredPending()}) count as
 * answered. The poller reports an answer before it arms the timer of the next poll, on the same
 * thread; without this the clock could move on in between and the next poll would be late.
 */
final class SettlingScheduler implements Scheduler {
  private final VirtualDriver driver;

  /**
   * Wraps the driver's scheduler.
   *
   * @param driver the driver
   */
  SettlingScheduler(VirtualDriver driver) {
    this.driver = driver;
  }

  @Override
  public Disposable schedule(Runnable task) {
    Disposable d = driver.scheduler().schedule(task);
    driver.settle();
    return d;
  }

  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    Disposable d = driver.scheduler().schedule(task, delay, unit);
    driver.settle();
    return d;
  }

  @Override
  public Disposable schedulePeriodically(Runnable task, long initialDelay, long period,
      TimeUnit unit) {
    Disposable d = driver.scheduler().schedulePeriodically(task, initialDelay, period, unit);
    driver.settle();
    return d;
  }

  @Override
  public long now(TimeUnit unit) {
    return driver.scheduler().now(unit);
  }

  @Override
  public Worker createWorker() {
    return driver.scheduler().createWorker();
  }

  @Override
  public void dispose() {
    driver.scheduler().dispose();
  }

  @Override
  public boolean isDisposed() {
    return driver.scheduler().isDisposed();
  }

  @Override
  public void init() {
    driver.scheduler().init();
  }
}
