package dev.lropoller.testing.emulator;

import java.util.Collection;

/** Admits or rejects one request against a per-minute quota; see {@link ProjectQuotas}, {@link LocationQuotas}. */
interface QuotaGate {
  /**
   * Counts one request arriving now for the key of {@code path}.
   *
   * @return null if it may proceed, or the rejection to answer
   */
  ProjectQuotas.Rejection admit(String path);

  /** The lane of every key seen so far. */
  Collection<QuotaLane> lanes();

  /** The rejections counted so far over every key. */
  default long rejections() {
    long n = 0;
    for (QuotaLane lane : lanes()) {
      n += lane.rejectionCount();
    }
    return n;
  }
}
