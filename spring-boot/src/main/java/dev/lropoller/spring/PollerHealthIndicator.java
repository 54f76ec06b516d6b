package dev.lropoller.spring;

import dev.lropoller.OperationPoller;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports the poller: {@code UP} while open, {@code OUT_OF_SERVICE} once closed, with the number
 * of watches in progress. Reads two fields; sends no request, so a health probe never spends the
 * API's quota.
 */
final class PollerHealthIndicator implements HealthIndicator {
  private final OperationPoller poller;
  private final ActiveWatches activeWatches;

  PollerHealthIndicator(OperationPoller poller, ActiveWatches activeWatches) {
    this.poller = poller;
    this.activeWatches = activeWatches;
  }

  @Override
  public Health health() {
    Health.Builder health = poller.isClosed() ? Health.outOfService() : Health.up();
    return health
        .withDetail("state", poller.isClosed() ? "closed" : "open")
        .withDetail("activeWatches", activeWatches.count())
        .build();
  }
}
