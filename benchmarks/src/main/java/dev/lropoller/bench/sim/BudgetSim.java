package dev.lropoller.bench.sim;

import dev.lropoller.Aiming;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.support.Percentiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Issue 18's binding budget: many runs in one project under one per-project rate, so that the
 * project's queue decides who is polled. Compares the FIFO queue (lro's default policy, and the
 * aiming schedule with its likely-first order off) with the aiming schedule's likely-first order
 * ({@link Aiming#withLikelyFirst}). The real engine under virtual time against
 * {@link SimTransport}.
 *
 * <p>Flags: {@code --runs N} (default 2000), {@code --per-minute R} (default 600),
 * {@code --seed S} (default 42), {@code --curve c} (default linear).
 */
public final class BudgetSim {
  private BudgetSim() {}

  /**
   * One row: the schedule's requests and lag, and the longest time between two polls of a run
   * (and its 99th percentile over the runs): the run's own wait plus its request's wait for the
   * budget, the side of the fairness bound a user sees. The bound on the queue wait itself is
   * asserted by the engine's tests ({@code LikelyFirstAdmissionTest}, {@code LikelyFirstOrderTest}).
   */
  record Row(ScheduleResult result, long longestGapNanos, long longestGapP99Nanos) {}

  /**
   * Runs the three rows and prints the table.
   *
   * @param args the flags above
   */
  public static void main(String[] args) {
    CommandLine cli = CommandLine.parse(args,
        List.of("--runs", "--per-minute", "--seed", "--curve"), List.of());
    int runs = cli.atLeast("--runs", 1, 2000);
    int perMinute = cli.atLeast("--per-minute", 1, 600);
    long seed = cli.longInteger("--seed", 42);
    ProgressCurve curve = ProgressCurve.valueOf(
        cli.text("--curve", "linear").trim().toUpperCase(Locale.ROOT));
    Workload w = Workload.tenToSixtyMinutes(runs, seed, curve).inOneProject();
    System.out.println("### " + w.label() + ", " + perMinute + " requests a minute");
    System.out.println();
    System.out.print(table(rows(w, perMinute)));
    System.out.flush();
  }

  /** The rows, in table order. */
  static List<Row> rows(Workload w, int perMinute) {
    PollPolicy aiming = PollPolicy.defaults().withAiming(Aiming.defaults());
    PollPolicy aimingFifo = PollPolicy.defaults()
        .withAiming(Aiming.defaults().withLikelyFirst(false));
    return List.of(
        run("lro default, FIFO (today)", PollPolicy.defaults(), w, perMinute),
        run("aiming (2 s to 10 min), FIFO", aimingFifo, w, perMinute),
        run("aiming (2 s to 10 min), likely first", aiming, w, perMinute));
  }

  /** Watches every run of {@code w} with {@code policy}, one poller, until all are seen done. */
  static Row run(String label, PollPolicy policy, Workload w, int perMinute) {
    VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    SimTransport server = new SimTransport(clock, w.runs());
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Disposable> watches = new ArrayList<>(w.runs().size());
    try (OperationPoller poller = OperationPoller.builder(server).scheduler(clock).policy(policy)
        .maxRequestsPerMinute(perMinute).build()) {
      for (SimRun r : w.runs()) {
        watches.add(poller.poll(r.name()).then()
            .subscribe(v -> { }, e -> failed.incrementAndGet(), completed::incrementAndGet));
      }
      clock.advanceTimeBy(w.longestRun());
      // A binding budget delays the last answers: go on a minute at a time until all are seen.
      for (int i = 0; i < 24 * 60 && completed.get() + failed.get() < w.runs().size(); i++) {
        clock.advanceTimeBy(Duration.ofMinutes(1));
      }
    } finally {
      watches.forEach(Disposable::dispose);
      clock.dispose();
    }
    if (completed.get() != w.runs().size()) {
      throw new IllegalStateException(label + ": " + completed.get() + " of " + w.runs().size()
          + " watches completed, " + failed.get() + " failed");
    }
    long[] gaps = server.tallies().values().stream().mapToLong(t -> t.longestGapNanos).toArray();
    long longest = 0;
    for (long g : gaps) {
      longest = Math.max(longest, g);
    }
    return new Row(EngineSchedule.Tally.of(label, server), longest, Percentiles.of(gaps).at(99));
  }

  /** A markdown table of {@code rows}. */
  static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder(
        "| schedule | GETs per run | lag p50 s | lag p99 s | mean lag s "
            + "| longest gap between polls of a run s (p99 of runs) |\n"
            + "|---|--:|--:|--:|--:|--:|\n");
    for (Row row : rows) {
      ScheduleResult r = row.result();
      b.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f (%.1f) |%n",
          r.schedule(), r.requestsPerRun(), seconds(r.lagAt(50).toNanos()),
          seconds(r.lagAt(99).toNanos()), seconds(r.meanLag().toNanos()),
          seconds(row.longestGapNanos()), seconds(row.longestGapP99Nanos())));
    }
    return b.toString();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
