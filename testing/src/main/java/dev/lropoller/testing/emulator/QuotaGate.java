package dev.lropoller.testing.emulator;

/** Admits or rejects one request against a per-minute quota; see {@link ProjectQuotas}, {@link LocationQuotas}. */
interface QuotaGate {
  /**
   * Counts one request arriving now for the key of {@code path}.
   *
   * @return null if it may proceed, or the rejection to answer
   */
  ProjectQuotas.Rejection admit(String path);

  /** The rejections counted so far over every key. */
  long rejections();
}
