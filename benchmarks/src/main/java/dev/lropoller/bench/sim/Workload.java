package dev.lropoller.bench.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded set of runs. Durations are drawn once per seed, so every schedule of a table row
 * watches the same runs.
 *
 * @param label the workload as the table names it
 * @param runs the runs
 * @param shortest the usual shortest run (the 10th percentile of the distribution), what a user
 *     would seed a history with
 * @param longest the usual longest run (the 90th percentile)
 */
record Workload(String label, List<SimRun> runs, Duration shortest, Duration longest) {
  /** {@code n} runs of 10 to 60 minutes, uniform, with {@code curve}. */
  static Workload tenToSixtyMinutes(int n, long seed, ProgressCurve curve) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SimRun> runs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long seconds = 600 + random.nextLong(3000 + 1);
      runs.add(new SimRun(name(i), Duration.ofSeconds(seconds), curve));
    }
    return new Workload(n + " runs of 10 to 60 min, " + label(curve) + ", seed " + seed, runs,
        Duration.ofMinutes(15), Duration.ofMinutes(55));
  }

  /** {@code n} runs of about three hours: lognormal with median 3 h and sigma 0.5. */
  static Workload aboutThreeHours(int n, long seed, ProgressCurve curve) {
    Workload w = lognormal(n, seed, Duration.ofHours(3), 0.5, curve);
    return new Workload(n + " runs of about 3 h (lognormal, sigma 0.5), " + label(curve)
        + ", seed " + seed, w.runs, w.shortest, w.longest);
  }

  /**
   * {@code n} runs whose durations are lognormal with {@code median} and {@code sigma}; shortest
   * and longest are the distribution's 10th and 90th percentiles ({@code median * exp(-/+ 1.2816
   * sigma)}).
   */
  static Workload lognormal(int n, long seed, Duration median, double sigma, ProgressCurve curve) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SimRun> runs = new ArrayList<>(n);
    long m = median.toMillis();
    for (int i = 0; i < n; i++) {
      double z = gaussian(random);
      runs.add(new SimRun(name(i), Duration.ofMillis(Math.round(m * Math.exp(sigma * z))), curve));
    }
    return new Workload(n + " runs, lognormal (median " + median.toMinutes() + " min, sigma "
        + sigma + "), " + label(curve) + ", seed " + seed, runs,
        Duration.ofMillis(Math.round(m * Math.exp(-1.2816 * sigma))),
        Duration.ofMillis(Math.round(m * Math.exp(1.2816 * sigma))));
  }

  /**
   * The same runs under other names ({@code projects/<prefix>-i/...}) and with every duration
   * multiplied by {@code scale}: earlier runs of the kind, to watch before the measured ones.
   */
  Workload renamed(String prefix, double scale) {
    List<SimRun> out = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      SimRun r = runs.get(i);
      out.add(new SimRun("projects/" + prefix + "-" + i + "/locations/us-central1/operations/"
          + (1_000_000 + i), Duration.ofMillis(Math.round(r.duration().toMillis() * scale)),
          r.curve()));
    }
    return new Workload(label + " as " + prefix + " x" + scale, out, shortest, longest);
  }

  /**
   * The same runs, all in one project ({@code projects/sim}), so that a per-project budget is
   * shared by every run.
   */
  Workload inOneProject() {
    List<SimRun> moved = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      SimRun r = runs.get(i);
      moved.add(new SimRun("projects/sim/locations/us-central1/operations/" + (1_000_000 + i),
          r.duration(), r.curve()));
    }
    return new Workload(label + ", all in one project", moved, shortest, longest);
  }

  /** The longest run. */
  Duration longestRun() {
    Duration max = Duration.ZERO;
    for (SimRun r : runs) {
      if (r.duration().compareTo(max) > 0) {
        max = r.duration();
      }
    }
    return max;
  }

  private static String name(int i) {
    return "projects/sim-" + i + "/locations/us-central1/operations/" + (1_000_000 + i);
  }

  private static String label(ProgressCurve curve) {
    return curve.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " progress";
  }

  /** A standard normal value (Box-Muller), from {@code random} alone so seeds reproduce. */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
