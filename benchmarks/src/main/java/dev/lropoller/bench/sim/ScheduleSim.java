package dev.lropoller.bench.sim;

import dev.lropoller.PollPolicy;
import dev.lropoller.bench.support.CommandLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Requests against detection lag for polling schedules, on scripted runs under virtual time:
 * hours of polling of thousands of runs take seconds. Prints one markdown table per workload.
 *
 * <p>Rows: lro-poller's default policy (with its jitter, and without it), Python's Vertex SDK's
 * fixed 5 s (modelled: the engine with a fixed 5 s policy, since Python packages cannot be
 * installed here), and gax's CreateModel schedule read from gax (as configured, and with its
 * total timeout lifted). The lro rows and the Python model run the real engine against
 * {@link SimTransport}; the gax rows ask gax's own algorithm for each delay.
 *
 * <p>Flags: {@code --runs N} (default 1000), {@code --seed S} (default 42).
 */
public final class ScheduleSim {
  private ScheduleSim() {}

  /**
   * Runs every workload with every schedule and prints the tables.
   *
   * @param args the flags above
   */
  public static void main(String[] args) {
    CommandLine cli = CommandLine.parse(args, List.of("--runs", "--seed"), List.of());
    int runs = cli.atLeast("--runs", 1, 1000);
    long seed = cli.longInteger("--seed", 42);
    for (Workload w : List.of(
        Workload.tenToSixtyMinutes(runs, seed, ProgressCurve.LINEAR),
        Workload.aboutThreeHours(runs, seed, ProgressCurve.LINEAR))) {
      System.out.println("### " + w.label());
      System.out.println();
      System.out.print(table(results(w)));
      System.out.println();
    }
  }

  /** Every schedule's result on {@code w}, in table order. */
  static List<ScheduleResult> results(Workload w) {
    List<ScheduleResult> out = new ArrayList<>();
    PollPolicy lro = PollPolicy.defaults();
    out.add(new EngineSchedule("lro default (5 s x1.5, max 45 s, jitter 0.1)", lro).run(w));
    out.add(new EngineSchedule("lro default without jitter", lro.withJitter(0)).run(w));
    out.add(new EngineSchedule("Python SDK fixed 5 s (modelled)",
        PollPolicy.fixed(Duration.ofSeconds(5))).run(w));
    GaxSchedule gax = new GaxSchedule();
    out.add(gax.run(w));
    out.add(gax.runToTheEnd(w));
    return out;
  }

  /** A markdown table of {@code results}. */
  static String table(List<ScheduleResult> results) {
    StringBuilder b = new StringBuilder(
        "| schedule | GETs per run | lag p50 s | lag p99 s | mean lag s | runs not seen done |\n"
            + "|---|--:|--:|--:|--:|--:|\n");
    for (ScheduleResult r : results) {
      boolean seen = r.lagNanos().length > 0;
      b.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s | %d |%n",
          r.schedule(), r.requestsPerRun(), seen ? seconds(r.lagAt(50)) : "n/a",
          seen ? seconds(r.lagAt(99)) : "n/a", seen ? seconds(r.meanLag()) : "n/a",
          r.notSeenDone()));
    }
    return b.toString();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toNanos() / 1e9);
  }
}
