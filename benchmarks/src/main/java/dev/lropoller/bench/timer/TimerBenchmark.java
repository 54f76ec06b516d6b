package dev.lropoller.bench.timer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The timer path of 100,000 waiting watches: Reactor's {@code Schedulers.parallel()} (one
 * {@code ScheduledThreadPoolExecutor} per core, a binary heap: O(log n) schedule and cancel)
 * against Netty's {@code HashedWheelTimer} behind a {@code Scheduler} (O(1), 10 ms ticks), with
 * {@code pending} timers an hour away already queued.
 *
 * <ul>
 *   <li>{@code scheduleCancel}: one timer scheduled an hour away and cancelled (a watch that
 *       ends or is cancelled while it waits);
 *   <li>{@code scheduleFire}: a batch of {@link #BATCH} timers due in 1 ms, until all ran (a
 *       poll's re-arm and fire); time per batch, so per timer divide by {@link #BATCH}.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/lro-poller-demo.jar org.openjdk.jmh.Main TimerBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class TimerBenchmark {
  /** Timers per {@code scheduleFire} call. */
  public static final int BATCH = 1000;
  private static final Runnable NOOP = () -> { };

  /** {@code parallel} or {@code wheel}. */
  @Param({"parallel", "wheel"})
  public String timer;

  /** Timers already waiting an hour out. */
  @Param({"0", "100000"})
  public int pending;

  private Scheduler scheduler;
  private Disposable[] waiting;

  /** Builds the scheduler and fills it with {@code pending} far timers. */
  @Setup(Level.Trial)
  public void setUp() {
    scheduler = timer.equals("wheel")
        ? new WheelTimerScheduler(10, 512, Schedulers.parallel())
        : Schedulers.newParallel("bench-parallel", Runtime.getRuntime().availableProcessors(), true);
    waiting = new Disposable[pending];
    for (int i = 0; i < pending; i++) {
      waiting[i] = scheduler.schedule(NOOP, 3600 + i % 600, TimeUnit.SECONDS);
    }
  }

  /** Cancels the far timers and stops the scheduler. */
  @TearDown(Level.Trial)
  public void tearDown() {
    for (Disposable d : waiting) {
      d.dispose();
    }
    scheduler.dispose();
  }

  /**
   * Schedules a far timer and cancels it.
   *
   * @return the handle, so the work is not dead code
   */
  @Benchmark
  public Disposable scheduleCancel() {
    Disposable d = scheduler.schedule(NOOP, 3600, TimeUnit.SECONDS);
    d.dispose();
    return d;
  }

  /**
   * Schedules {@link #BATCH} timers due in 1 ms and waits until all ran.
   *
   * @throws InterruptedException if interrupted
   */
  @Benchmark
  public void scheduleFire() throws InterruptedException {
    CountDownLatch fired = new CountDownLatch(BATCH);
    Runnable task = fired::countDown;
    for (int i = 0; i < BATCH; i++) {
      scheduler.schedule(task, 1, TimeUnit.MILLISECONDS);
    }
    if (!fired.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("only " + (BATCH - fired.getCount()) + " of " + BATCH + " fired");
    }
  }
}
