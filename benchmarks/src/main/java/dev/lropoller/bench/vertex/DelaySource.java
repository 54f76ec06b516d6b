package dev.lropoller.bench.vertex;

import com.google.api.gax.retrying.TimedAttemptSettings;
import com.google.api.gax.retrying.TimedRetryAlgorithm;
import java.time.Duration;
import java.util.function.Supplier;

/** The sleeps of one by-hand polling loop, one after each GET that did not show an end. */
interface DelaySource {
  /**
   * The next sleep.
   *
   * @return nanoseconds
   */
  long nextNanos();

  /**
   * The same sleep every time: a user's fixed interval (or Python's SDK).
   *
   * @param interval positive
   * @return a factory of sources, one per loop
   */
  static Supplier<DelaySource> fixed(Duration interval) {
    long nanos = interval.toNanos();
    return () -> () -> nanos;
  }

  /**
   * The delays a gax polling algorithm gives, jitter included, asked of gax for every attempt
   * ({@code createNextAttempt}, {@code getRandomizedRetryDelayDuration}); its total timeout is
   * not applied.
   *
   * @param algorithm read from gax
   * @return a factory of sources, one per loop
   */
  static Supplier<DelaySource> gax(TimedRetryAlgorithm algorithm) {
    return () -> new DelaySource() {
      private TimedAttemptSettings attempt = algorithm.createFirstAttempt();

      @Override
      public long nextNanos() {
        attempt = algorithm.createNextAttempt(attempt);
        return attempt.getRandomizedRetryDelayDuration().toNanos();
      }
    };
  }
}
