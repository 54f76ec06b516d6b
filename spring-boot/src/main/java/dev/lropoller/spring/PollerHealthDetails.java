package dev.lropoller.spring;

import dev.lropoller.OperationPoller;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the health indicators of Boot 4 ({@link PollerHealthIndicator}) and Boot 3
 * ({@link Boot3PollerHealthIndicator}) report: {@code state} ({@code open} or {@code closed}) and
 * {@code activeWatches}, the poller's {@link OperationPoller#activeWatches()}: the polling loops
 * running now, a loop shared by several subscribers counted once. With
 * {@code lropoller.fleet.enabled=true}, also {@code budget} ({@link FleetBudgetState#details()}):
 * the keys counting locally because Redis did not answer; and {@code watches}
 * ({@link FleetWatches#details()}) when the fleet's shared watches are on. The status stays
 * {@code UP} while keys are degraded or watches poll by themselves: the poller goes on within its
 * fallback share, and a health check that failed would have every replica restarted or taken out
 * of service together over one Redis outage.
 * Sends no request.
 *
 * @param open whether the poller is open (status {@code UP}; {@code OUT_OF_SERVICE} once closed)
 * @param details the details, in this order: {@code state}, {@code activeWatches}, {@code budget},
 *     {@code watches}
 */
record PollerHealthDetails(boolean open, Map<String, Object> details) {
  static PollerHealthDetails of(OperationPoller poller, FleetBudgetState fleet,
      FleetDetails watches) {
    boolean open = !poller.isClosed();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", open ? "open" : "closed");
    details.put("activeWatches", poller.activeWatches());
    if (fleet != null) {
      details.put("budget", fleet.details());
    }
    if (watches != null) {
      details.put("watches", watches.details());
    }
    return new PollerHealthDetails(open, details);
  }
}
