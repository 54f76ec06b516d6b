package dev.lropoller.spring;

import dev.lropoller.OperationPoller;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports the poller to Spring Boot 4's health endpoint: {@code UP} while open,
 * {@code OUT_OF_SERVICE} once closed, with the {@link PollerHealthDetails}. Sends no request, so a
 * health probe never spends the API's quota.
 */
final class PollerHealthIndicator implements HealthIndicator {
  private final OperationPoller poller;
  private final FleetBudgetState fleet;
  private final FleetDetails watches;

  PollerHealthIndicator(OperationPoller poller, FleetBudgetState fleet,
      FleetDetails watches) {
    this.poller = poller;
    this.fleet = fleet;
    this.watches = watches;
  }

  @Override
  public Health health() {
    PollerHealthDetails state = PollerHealthDetails.of(poller, fleet, watches);
    return (state.open() ? Health.up() : Health.outOfService()).withDetails(state.details()).build();
  }
}
