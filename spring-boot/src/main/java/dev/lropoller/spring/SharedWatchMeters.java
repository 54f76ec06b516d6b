package dev.lropoller.spring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of the starter's fleet-shared watches ({@link FleetWatches}):
 *
 * <ul>
 *   <li>{@code lropoller.fleet.watch.transitions} (counter, tag {@code transition}:
 *       {@code fell-back} or {@code rejoined}): how many times a shared watch lost Redis and
 *       polled the name by itself, and how many times one returned to the fleet.
 * </ul>
 *
 * <p>The counters read the watches' {@link SharedWatchTally}, so they cost nothing per watch.
 */
final class SharedWatchMeters {
  static final String TRANSITIONS = "lropoller.fleet.watch.transitions";

  private SharedWatchMeters() {}

  /** Registers the meters of {@code tally} in {@code registry}. */
  static void bind(MeterRegistry registry, SharedWatchTally tally) {
    FunctionCounter.builder(TRANSITIONS, tally, SharedWatchTally::fellBack)
        .description("Shared watches that lost Redis and polled by themselves")
        .tag("transition", "fell-back")
        .register(registry);
    FunctionCounter.builder(TRANSITIONS, tally, SharedWatchTally::rejoined)
        .description("Shared watches that returned to the fleet after losing Redis")
        .tag("transition", "rejoined")
        .register(registry);
  }
}
