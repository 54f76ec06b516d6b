package dev.lropoller.bench.sim;

import dev.lropoller.Aiming;
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
 * <p>Rows: lro-poller's default policy, Python's Vertex SDK's fixed 5 s (modelled: the engine
 * with a fixed 5 s policy, since Python packages cannot be installed here), gax's CreateModel
 * schedule read from gax, and the aiming schedule ({@link Aiming}, opt-in): without a history,
 * with a history seeded right (the workload's 10th to 90th percentile), and seeded 3x too long and
 * 3x too short. The lro, Python and aiming rows run the real engine against {@link SimTransport};
 * the gax row asks gax's own algorithm for each delay.
 *
 * <p>Workloads: 10 to 60 min and about 3 h, each with linear, S-shaped, stalled (99 % from a third
 * of the run), noisy (±4 points, often backwards) and missing progress.
 *
 * <p>Flags: {@code --runs N} (default 1000), {@code --seed S} (default 42),
 * {@code --curves a,b} (default all: linear, s_shaped, stalled, noisy, missing).
 */
public final class ScheduleSim {
  private ScheduleSim() {}

  /**
   * Runs every workload with every schedule and prints the tables.
   *
   * @param args the flags above
   */
  public static void main(String[] args) {
    CommandLine cli = CommandLine.parse(args, List.of("--runs", "--seed", "--curves"), List.of());
    int runs = cli.atLeast("--runs", 1, 1000);
    long seed = cli.longInteger("--seed", 42);
    List<ProgressCurve> curves = curves(cli.text("--curves", ""));
    for (boolean longRuns : new boolean[] {false, true}) {
      for (ProgressCurve curve : curves) {
        Workload w = longRuns ? Workload.aboutThreeHours(runs, seed, curve)
            : Workload.tenToSixtyMinutes(runs, seed, curve);
        System.out.println("### " + w.label());
        System.out.println();
        System.out.print(table(results(w)));
        System.out.println();
        System.out.flush();
      }
    }
  }

  private static List<ProgressCurve> curves(String spec) {
    if (spec.isBlank()) {
      return List.of(ProgressCurve.values());
    }
    List<ProgressCurve> out = new ArrayList<>();
    for (String s : spec.split(",")) {
      try {
        out.add(ProgressCurve.valueOf(s.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--curves: unknown curve '" + s + "'", e);
      }
    }
    return out;
  }

  /** The aiming settings of the rows: the defaults, seeded with {@code shortest..longest}. */
  static PollPolicy aiming(Duration shortest, Duration longest) {
    Aiming a = Aiming.defaults();
    if (shortest != null) {
      a = a.withHistorySeed("CREATE_MODEL", shortest, longest);
    }
    return PollPolicy.defaults().withAiming(a);
  }

  /** Every schedule's result on {@code w}, in table order. */
  static List<ScheduleResult> results(Workload w) {
    List<ScheduleResult> out = new ArrayList<>();
    PollPolicy lro = PollPolicy.defaults();
    out.add(new EngineSchedule("lro default (5 s x1.5, max 45 s, jitter 0.1)", lro).run(w));
    out.add(new EngineSchedule("Python SDK fixed 5 s (modelled)",
        PollPolicy.fixed(Duration.ofSeconds(5))).run(w));
    GaxSchedule gax = new GaxSchedule();
    out.add(gax.run(w));
    out.add(gax.runToTheEnd(w));
    out.add(new EngineSchedule("aiming (2 s to 10 min), no history", aiming(null, null)).run(w));
    out.add(new EngineSchedule("aiming, history seeded right", aiming(w.shortest(), w.longest()))
        .run(w));
    out.add(new EngineSchedule("aiming, history 3x too long",
        aiming(w.shortest().multipliedBy(3), w.longest().multipliedBy(3))).run(w));
    out.add(new EngineSchedule("aiming, history 3x too short",
        aiming(w.shortest().dividedBy(3), w.longest().dividedBy(3))).run(w));
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
