package dev.lropoller.reactor;

/** The {@code User-Agent} lro-poller sends: {@code lro-poller/<version>}. */
final class UserAgent {
  /** Used when the jar manifest has no {@code Implementation-Version} (running from classes). */
  static final String UNKNOWN_VERSION = "dev";

  private static final String VALUE = "lro-poller/" + version();

  private UserAgent() {}

  /**
   * The header value.
   *
   * @return {@code lro-poller/<Implementation-Version>}, or {@code lro-poller/dev}
   */
  static String value() {
    return VALUE;
  }

  private static String version() {
    Package p = UserAgent.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null || v.isBlank() ? UNKNOWN_VERSION : v.trim();
  }
}
