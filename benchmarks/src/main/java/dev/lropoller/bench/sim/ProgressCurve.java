package dev.lropoller.bench.sim;

/** How a run's reported progress rises with the fraction of its duration that has passed. */
enum ProgressCurve {
  /** Progress proportional to time. */
  LINEAR {
    @Override
    double fractionAt(double f) {
      return f;
    }
  },
  /** Slow start, fast middle, slow end (a logistic curve through 0 and 1). */
  S_SHAPED {
    @Override
    double fractionAt(double f) {
      double k = 10;
      double lo = 1 / (1 + Math.exp(k / 2));
      double hi = 1 / (1 + Math.exp(-k / 2));
      return (1 / (1 + Math.exp(-k * (f - 0.5))) - lo) / (hi - lo);
    }
  },
  /** Linear to 99 % at a third of the duration, then stalled there until the end. */
  STALLED {
    @Override
    double fractionAt(double f) {
      return Math.min(0.99, 3 * f);
    }
  },
  /**
   * Linear with deterministic noise of up to about ±4 points that often goes backwards between
   * two readings (two incommensurate waves over the run).
   */
  NOISY {
    @Override
    double fractionAt(double f) {
      double noise = 0.025 * Math.sin(f * 173.1) + 0.015 * Math.sin(f * 611.7 + 1.3);
      return Math.max(0, Math.min(0.99, f + noise));
    }
  },
  /** No {@code progressPercent} at all (the answers leave it out). */
  MISSING {
    @Override
    double fractionAt(double f) {
      return Double.NaN;
    }
  };

  /**
   * The reported fraction (0 to 1) when fraction {@code f} of the duration has passed; NaN when
   * no progress is reported.
   */
  abstract double fractionAt(double f);
}
