package dev.lropoller.spring;

import dev.lropoller.OperationPoller;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Reports the poller to Spring Boot 3's health endpoint (Boot 3 keeps health in
 * {@code org.springframework.boot.actuate.health}): the same status and
 * {@link PollerHealthDetails} as {@link PollerHealthIndicator} on Boot 4. Sends no request.
 */
final class Boot3PollerHealthIndicator implements HealthIndicator {
  private final OperationPoller poller;
  private final FleetBudgetState fleet;
  private final FleetDetails watches;

  Boot3PollerHealthIndicator(OperationPoller poller, FleetBudgetState fleet,
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
