package dev.lropoller.micrometer;

import dev.lropoller.PollOutcome;
import dev.lropoller.WatchOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one tag set: every meter of the listener, or those of one project. A meter is
 * registered the first time its tag combination occurs, so a registry shows only the series
 * that happened; later events use the cached meter without a registry lookup.
 */
final class Meters {
  static final String POLLS = "lropoller.polls";
  static final String POLL_LATENCY = "lropoller.poll.latency";
  static final String WATCHES_ACTIVE = "lropoller.watches.active";
  static final String WATCHES_ENDED = "lropoller.watches.ended";
  static final String RETRIES = "lropoller.retries";
  static final String COOLDOWNS = "lropoller.cooldowns";
  static final String TOKEN_REFRESHES = "lropoller.token.refreshes";
  static final String BUDGET_DEGRADED = "lropoller.budget.degraded";
  static final String BUDGET_TRANSITIONS = "lropoller.budget.transitions";

  private static final int OUTCOMES = PollOutcome.values().length;
  private static final int CAUSES = FailureCause.values().length;

  private final MeterRegistry registry;
  private final Tags common;
  private final AtomicReferenceArray<Counter> polls = new AtomicReferenceArray<>(OUTCOMES * CAUSES);
  private final AtomicReferenceArray<Timer> latency = new AtomicReferenceArray<>(OUTCOMES);
  private final AtomicReferenceArray<Counter> ended = new AtomicReferenceArray<>(WatchOutcome.values().length);
  private final AtomicReferenceArray<Counter> retries = new AtomicReferenceArray<>(CAUSES);
  private final AtomicLong active = new AtomicLong();
  private volatile Counter cooldowns;

  /**
   * @param registry where the meters go
   * @param common tags on every meter of this set: none, or the project
   */
  Meters(MeterRegistry registry, Tags common) {
    this.registry = registry;
    this.common = common;
    Gauge.builder(WATCHES_ACTIVE, active, AtomicLong::get)
        .description("Watches subscribed and not yet ended")
        .tags(common)
        .register(registry);
  }

  void pollAnswered(PollOutcome outcome, FailureCause cause, long latencyNanos) {
    int i = outcome.ordinal() * CAUSES + cause.ordinal();
    Counter c = polls.get(i);
    if (c == null) {
      c = Counter.builder(POLLS)
          .description("Poll and call requests answered or failed, by outcome and cause")
          .tags(common).tag("outcome", tag(outcome)).tag("cause", cause.tag())
          .register(registry);
      polls.set(i, c);
    }
    c.increment();
    Timer t = latency.get(outcome.ordinal());
    if (t == null) {
      t = Timer.builder(POLL_LATENCY)
          .description("Time from sending a request to its answer or failure, by outcome")
          .tags(common).tag("outcome", tag(outcome))
          .register(registry);
      latency.set(outcome.ordinal(), t);
    }
    t.record(Math.max(0, latencyNanos), TimeUnit.NANOSECONDS);
  }

  void retryScheduled(FailureCause cause) {
    Counter c = retries.get(cause.ordinal());
    if (c == null) {
      c = Counter.builder(RETRIES)
          .description("Transient failures scheduled for a retry, by cause")
          .tags(common).tag("cause", cause.tag())
          .register(registry);
      retries.set(cause.ordinal(), c);
    }
    c.increment();
  }

  void watchStarted() {
    active.incrementAndGet();
  }

  void watchEnded(WatchOutcome outcome) {
    active.decrementAndGet();
    Counter c = ended.get(outcome.ordinal());
    if (c == null) {
      c = Counter.builder(WATCHES_ENDED)
          .description("Watches ended, by outcome")
          .tags(common).tag("outcome", tag(outcome))
          .register(registry);
      ended.set(outcome.ordinal(), c);
    }
    c.increment();
  }

  void coolDownStarted() {
    Counter c = cooldowns;
    if (c == null) {
      c = Counter.builder(COOLDOWNS)
          .description("Cool-downs started after 429 or RESOURCE_EXHAUSTED answers")
          .tags(common)
          .register(registry);
      cooldowns = c;
    }
    c.increment();
  }

  private static String tag(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
