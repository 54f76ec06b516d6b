package dev.lropoller.spring;

import dev.lropoller.OperationPoller;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the health indicators of Boot 4 ({@link PollerHealthIndicator}) and Boot 3
 * ({@link Boot3PollerHealthIndicator}) report: {@code state} ({@code open} or {@code closed}) and
 * {@code activeWatches}, the poller's {@link OperationPoller#activeWatches()}: the polling loops
 * running now, a loop shared by several subscribers counted once. Sends no request.
 *
 * @param open whether the poller is open (status {@code UP}; {@code OUT_OF_SERVICE} once closed)
 * @param details the details, in this order: {@code state}, {@code activeWatches}
 */
record PollerHealthDetails(boolean open, Map<String, Object> details) {
  static PollerHealthDetails of(OperationPoller poller) {
    boolean open = !poller.isClosed();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", open ? "open" : "closed");
    details.put("activeWatches", poller.activeWatches());
    return new PollerHealthDetails(open, details);
  }
}
