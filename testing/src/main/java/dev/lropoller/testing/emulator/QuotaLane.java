package dev.lropoller.testing.emulator;

import java.time.Duration;

/**
 * One quota key's sliding windows and counters (a project, or a project and location). Rejected
 * requests are not counted in the accepted window. Thread-safe: one lock per lane.
 */
final class QuotaLane {
  private final int quota;
  private final ArrivalWindow accepted = new ArrivalWindow(ProjectQuotas.WINDOW.toNanos());
  private final ArrivalWindow arrived = new ArrivalWindow(ProjectQuotas.WINDOW.toNanos());
  private long requests;
  private long rejections;
  private int peak;
  private long last = Long.MIN_VALUE;

  /** @param quota requests per minute; 0 or less counts without limiting */
  QuotaLane(int quota) {
    this.quota = quota;
  }

  /** @return null if admitted, else the exact delay until the window has room */
  synchronized Duration admit(long at) {
    // A wall clock can step back; the windows need times in order.
    long now = Math.max(at, last);
    last = now;
    requests++;
    arrived.slideTo(now);
    arrived.add(now);
    peak = Math.max(peak, arrived.size());
    if (quota <= 0) {
      return null;
    }
    accepted.slideTo(now);
    if (accepted.size() < quota) {
      accepted.add(now);
      return null;
    }
    rejections++;
    return Duration.ofNanos(accepted.oldestLeavesAt() - now);
  }

  int quota() {
    return Math.max(0, quota);
  }

  synchronized long requests() {
    return requests;
  }

  synchronized long rejectionCount() {
    return rejections;
  }

  synchronized int peak() {
    return peak;
  }
}
