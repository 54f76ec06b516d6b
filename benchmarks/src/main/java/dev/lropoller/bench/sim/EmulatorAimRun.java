package dev.lropoller.bench.sim;

import dev.lropoller.Aiming;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.PollPolicy;
import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.vertex.SchedulerClock;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 18 against the emulator, not the simulation: {@code --runs} CreateModel operations of 10
 * to 60 minutes (uniform, seeded) whose {@code progressPercent} and {@code updateTime} rise
 * linearly with time ({@link OperationScript.Builder#doneAfter}), watched over real HTTP on
 * loopback by lro-poller with its default policy and with the aiming schedule. The emulator and
 * the poller share one virtual clock, moved in steps of {@code --step-ms} only while no request is
 * in flight ({@link HeldClock}), so an hour of polling takes a minute or two. Requests per run are
 * the emulator's own count of each operation's polls; the lag is the virtual time from an
 * operation's end to the answer that showed it done.
 *
 * <p>Flags: {@code --runs N} (default 1000), {@code --seed S} (default 42),
 * {@code --step-ms M} (default 100).
 */
public final class EmulatorAimRun {
  private EmulatorAimRun() {}

  /**
   * Runs both rows and prints the table.
   *
   * @param args the flags above
   */
  public static void main(String[] args) {
    CommandLine cli = CommandLine.parse(args, List.of("--runs", "--seed", "--step-ms"), List.of());
    int runs = cli.atLeast("--runs", 1, 1000);
    long seed = cli.longInteger("--seed", 42);
    Duration step = Duration.ofMillis(cli.atLeast("--step-ms", 1, 100));
    Workload w = Workload.tenToSixtyMinutes(runs, seed, ProgressCurve.LINEAR);
    System.out.println("### " + w.label() + ", at the emulator over HTTP, virtual clock step "
        + step.toMillis() + " ms");
    System.out.println();
    List<ScheduleResult> rows = new ArrayList<>();
    rows.add(run("lro default (5 s x1.5, max 45 s, jitter 0.1)", PollPolicy.defaults(), w, step));
    rows.add(run("aiming (2 s to 10 min)", PollPolicy.defaults().withAiming(Aiming.defaults()),
        w, step));
    System.out.print(ScheduleSim.table(rows));
  }

  /** One schedule on a fresh emulator and poller. */
  static ScheduleResult run(String label, PollPolicy policy, Workload w, Duration step) {
    HeldClock clock = new HeldClock();
    int n = w.runs().size();
    AtomicLongArray seenNanos = new AtomicLongArray(n);
    AtomicInteger ended = new AtomicInteger();
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().clock(new SchedulerClock(clock))
        .logCapacity(1_000).start()) {
      List<String> names = new ArrayList<>(n);
      for (SimRun r : w.runs()) {
        names.add(emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
            .doneAfter(r.duration()).build()));
      }
      try (OperationPoller poller = GoogleOperationPoller.builder().endpoint(emulator.baseUri())
          .noCredentials().scheduler(clock).policy(policy).listener(clock).build()) {
        for (int i = 0; i < n; i++) {
          int index = i;
          poller.poll(names.get(i)).last().subscribe(op -> {
            seenNanos.set(index, clock.now(TimeUnit.NANOSECONDS));
            ended.incrementAndGet();
            clock.release();
          }, e -> {
            ended.incrementAndGet();
            clock.release();
          });
        }
        Duration limit = w.longestRun().plus(Duration.ofMinutes(11));
        while (true) {
          clock.awaitQuiet();
          if (ended.get() == n || clock.now(TimeUnit.NANOSECONDS) > limit.toNanos()) {
            break;
          }
          clock.advanceTimeBy(step);
        }
      }
      long requests = 0;
      List<Long> lags = new ArrayList<>();
      int unseen = 0;
      for (int i = 0; i < n; i++) {
        requests += emulator.pollCount(names.get(i));
        if (seenNanos.get(i) == 0) {
          unseen++;
        } else {
          lags.add(seenNanos.get(i) - w.runs().get(i).duration().toNanos());
        }
      }
      long[] lag = lags.stream().mapToLong(Long::longValue).toArray();
      return new ScheduleResult(label, n, requests / (double) n, lag, unseen);
    } finally {
      clock.dispose();
    }
  }

  /**
   * A virtual clock for a run whose requests are real: the poller's scheduler and listener, and
   * the emulator's clock. A sent request holds the clock until its answer has led to the next
   * timer (or the end of the watch) on the answering thread.
   */
  static final class HeldClock extends reactor.test.scheduler.VirtualTimeScheduler
      implements PollListener {
    private final AtomicInteger held = new AtomicInteger();
    private final ThreadLocal<int[]> answeredHere = ThreadLocal.withInitial(() -> new int[1]);

    HeldClock() {
      super(true);
    }

    @Override
    public void pollSent(String name, int attempt) {
      held.incrementAndGet();
    }

    @Override
    public void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable failure) {
      answeredHere.get()[0]++;
    }

    @Override
    public reactor.core.Disposable schedule(Runnable task) {
      reactor.core.Disposable d = super.schedule(task);
      release();
      return d;
    }

    @Override
    public reactor.core.Disposable schedule(Runnable task, long delay, TimeUnit unit) {
      reactor.core.Disposable d = super.schedule(task, delay, unit);
      release();
      return d;
    }

    /** What this thread's answers led to is done: they no longer hold the clock. */
    void release() {
      int[] a = answeredHere.get();
      held.addAndGet(-a[0]);
      a[0] = 0;
    }

    void awaitQuiet() {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (held.get() > 0) {
        LockSupport.parkNanos(20_000);
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(held.get() + " requests held the clock for 2 min");
        }
      }
    }
  }
}
