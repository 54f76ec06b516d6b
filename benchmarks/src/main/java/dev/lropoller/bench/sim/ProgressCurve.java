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
  };

  /** The reported fraction (0 to 1) when fraction {@code f} of the duration has passed. */
  abstract double fractionAt(double f);
}
