package dev.lropoller.spring;

import dev.lropoller.redis.SharedWatchCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToIntFunction;

/**
 * The meters of the starter's fleet-shared watches ({@link FleetWatches}):
 *
 * <ul>
 *   <li>{@code lropoller.fleet.watches} (gauge, tag {@code mode}: {@code owner},
 *       {@code follower}, {@code fallback} or {@code starting}): this replica's shared watches now
 *       by where they stand ({@link FleetWatches#counts()}); alert on {@code fallback};
 *   <li>{@code lropoller.fleet.watch.transitions} (counter, tag {@code transition}:
 *       {@code fell-back} or {@code rejoined}): how many times a shared watch lost Redis and
 *       polled the name by itself, and how many times one returned to the fleet.
 * </ul>
 *
 * <p>The counters read the watches' {@link SharedWatchTally}, so they cost nothing per watch;
 * the gauge counts the watches when it is read.
 */
final class SharedWatchMeters {
  static final String WATCHES = "lropoller.fleet.watches";
  static final String TRANSITIONS = "lropoller.fleet.watch.transitions";

  private SharedWatchMeters() {}

  /** Registers the meters of {@code watches} in {@code registry}. */
  static void bind(MeterRegistry registry, FleetWatches watches) {
    gauge(registry, watches, "owner", SharedWatchCounts::owner);
    gauge(registry, watches, "follower", SharedWatchCounts::follower);
    gauge(registry, watches, "fallback", SharedWatchCounts::fallback);
    gauge(registry, watches, "starting", SharedWatchCounts::starting);
    SharedWatchTally tally = watches.tally();
    FunctionCounter.builder(TRANSITIONS, tally, SharedWatchTally::fellBack)
        .description("Shared watches that lost Redis and polled by themselves")
        .tag("transition", "fell-back")
        .register(registry);
    FunctionCounter.builder(TRANSITIONS, tally, SharedWatchTally::rejoined)
        .description("Shared watches that returned to the fleet after losing Redis")
        .tag("transition", "rejoined")
        .register(registry);
  }

  private static void gauge(MeterRegistry registry, FleetWatches watches, String mode,
      ToIntFunction<SharedWatchCounts> count) {
    Gauge.builder(WATCHES, watches, w -> count.applyAsInt(w.counts()))
        .description("This replica's fleet-shared watches now, by where they stand")
        .tag("mode", mode)
        .register(registry);
  }
}
