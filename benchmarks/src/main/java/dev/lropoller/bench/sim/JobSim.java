package dev.lropoller.bench.sim;

import dev.lropoller.Aiming;
import dev.lropoller.PollPolicy;
import dev.lropoller.bench.support.CommandLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 18's runs without progress and with a history: a poller that has already watched
 * {@code --history} earlier runs of the kind to their end (so its history holds their
 * durations) watches {@code --runs} more, durations lognormal per kind. The earlier runs come
 * from their own seed; for a wrong history they are 3 times longer or shorter than the measured
 * ones. Rows: lro's default, Python's fixed 5 s (modelled), gax's CreateModel delays (timeout
 * lifted), the aiming schedule with a right and a wrong history, and {@link HazardBound}: the
 * best schedule any poller that knows only a run's age could follow, at the default's and at
 * aiming's requests per run.
 *
 * <p>Flags: {@code --runs N} (default 1000), {@code --history H} (default 200),
 * {@code --seed S} (default 42), {@code --median-minutes M} (default 180), {@code --sigma s}
 * (default 0.5), {@code --curve c} (default missing), {@code --every-seconds E} (default 0: every
 * run of a workload starts at once; else one starts every E seconds, earlier and measured runs
 * alike, as a service that launches runs steadily).
 */
public final class JobSim {
  /** Every row's timeout: long enough for runs 3 times longer than these (the default is 24 h). */
  private static final Duration WEEK = Duration.ofDays(7);

  private JobSim() {}

  /**
   * Runs the rows and prints the table.
   *
   * @param args the flags above
   */
  public static void main(String[] args) {
    CommandLine cli = CommandLine.parse(args, List.of("--runs", "--history", "--seed",
        "--median-minutes", "--sigma", "--curve", "--every-seconds"), List.of());
    int runs = cli.atLeast("--runs", 1, 1000);
    int history = cli.atLeast("--history", 1, 200);
    long seed = cli.longInteger("--seed", 42);
    Duration median = Duration.ofMinutes(cli.atLeast("--median-minutes", 1, 180));
    double sigma = cli.decimal("--sigma", 0.5);
    Duration every = Duration.ofSeconds(cli.between("--every-seconds", 0, 86_400, 0));
    ProgressCurve curve = ProgressCurve.valueOf(
        cli.text("--curve", "missing").toUpperCase(Locale.ROOT));
    Workload w = Workload.lognormal(runs, seed, median, sigma, curve);
    Workload earlier = Workload.lognormal(history, seed + 1, median, sigma, curve);
    System.out.println("### " + w.label() + ", after " + history + " earlier runs (seed "
        + (seed + 1) + "), " + (every.isZero() ? "all started at once"
        : "one started every " + every.toSeconds() + " s"));
    System.out.println();
    System.out.print(ScheduleSim.table(results(w, earlier, median, sigma, every)));
    System.out.flush();
  }

  /** Every row on {@code w}, the aiming rows after {@code earlier} (right, 3x long, 3x short). */
  static List<ScheduleResult> results(Workload w, Workload earlier, Duration median,
      double sigma, Duration every) {
    List<ScheduleResult> out = new ArrayList<>();
    ScheduleResult lro = new EngineSchedule("lro default (5 s x1.5, max 45 s, jitter 0.1)",
        PollPolicy.defaults().withTimeout(WEEK)).run(null, w, every);
    out.add(lro);
    out.add(new EngineSchedule("Python SDK fixed 5 s (modelled)",
        PollPolicy.fixed(Duration.ofSeconds(5)).withTimeout(WEEK)).run(null, w, every));
    out.add(new GaxSchedule().runToTheEnd(w));
    PollPolicy aiming = PollPolicy.defaults().withTimeout(WEEK).withAiming(Aiming.defaults());
    ScheduleResult aimed = new EngineSchedule("aiming, history of the earlier runs", aiming)
        .run(earlier.renamed("earlier", 1), w, every);
    out.add(aimed);
    out.add(new EngineSchedule("aiming, history 3x too long (earlier runs 3x longer)", aiming)
        .run(earlier.renamed("earlier", 3), w, every));
    out.add(new EngineSchedule("aiming, history 3x too short (earlier runs 3x shorter)", aiming)
        .run(earlier.renamed("earlier", 1.0 / 3), w, every));
    HazardBound bound = new HazardBound(HazardBound.lognormal(median.toMillis(), sigma),
        durations(w), 2000, 1_200_000);
    out.add(bound("best possible at the default's requests", bound, lro.requestsPerRun()));
    out.add(bound("best possible at aiming's requests", bound, aimed.requestsPerRun()));
    return out;
  }

  private static ScheduleResult bound(String label, HazardBound bound, double requests) {
    HazardBound.Result r = bound.atRequests(requests);
    long[] lag = new long[r.lagMillis().length];
    for (int i = 0; i < lag.length; i++) {
      lag[i] = r.lagMillis()[i] * 1_000_000;
    }
    return new ScheduleResult(String.format(Locale.ROOT,
        "%s (hazard bound, %d poll times; expected: %.1f GETs, mean lag %.1f s)", label,
        r.polls(), r.expectedRequests(), r.expectedLagMillis() / 1000),
        lag.length, r.requestsPerRun(), lag, 0);
  }

  private static long[] durations(Workload w) {
    return w.runs().stream().mapToLong(r -> r.duration().toMillis()).toArray();
  }
}
