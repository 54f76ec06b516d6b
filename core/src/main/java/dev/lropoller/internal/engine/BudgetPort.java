package dev.lropoller.internal.engine;

import dev.lropoller.spi.RequestBudget;
import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * A poller's {@link RequestBudget} and the settings of its use: the pending bound passed with each
 * ask, the share of a key's limit a degraded key keeps locally, and how often a degraded key
 * probes the port again. Sends the port's fire-and-forget calls ({@code answered},
 * {@code coolDown}), whose failures are logged at DEBUG and go nowhere else.
 */
final class BudgetPort {
  private static final Logger log = Loggers.getLogger(BudgetPort.class);

  final RequestBudget budget;
  final Duration pendingBound;
  private final int replicas;
  final long probeNanos;

  /**
   * @param replicas the divisor of a key's limit while degraded, at least 1
   * @param probeInterval how long a degraded key counts locally before it asks the port again
   */
  BudgetPort(RequestBudget budget, Duration pendingBound, int replicas, Duration probeInterval) {
    this.budget = budget;
    this.pendingBound = pendingBound;
    this.replicas = replicas;
    this.probeNanos = probeInterval.toNanos();
  }

  /** The local limit of a degraded key whose limit is {@code perMinute}: its share, at least 1. */
  int fallback(int perMinute) {
    return Math.max(1, perMinute / replicas);
  }

  /** Reports a slot's end to the port, ignoring the outcome. */
  void answered(String key, String slotId) {
    forget("answered", () -> budget.answered(key, slotId));
  }

  /** Passes a cool-down to the port, ignoring the outcome. */
  void coolDown(String key, Duration delay) {
    forget("coolDown", () -> budget.coolDown(key, delay));
  }

  private static void forget(String what, Supplier<Mono<Void>> call) {
    try {
      call.get().subscribe(null, failed -> dropped(what, failed));
    } catch (RuntimeException failed) {
      dropped(what, failed);
    }
  }

  private static void dropped(String what, Throwable failed) {
    if (log.isDebugEnabled()) {
      log.debug("request budget {} failed, ignored: {}", what, failed.toString());
    }
  }

  @Override
  public String toString() {
    return "requestBudget=" + budget.getClass().getSimpleName() + ", requestBudgetReplicas="
        + replicas + ", requestBudgetProbeInterval=" + Duration.ofNanos(probeNanos);
  }
}
