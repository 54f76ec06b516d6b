package dev.lropoller.spi;

import java.time.Duration;

/**
 * Hears the refreshes of a {@link CachingAccessTokenSource}. Every {@code PollListener} is one,
 * so the poller's listener can be passed as it is.
 *
 * <p>Called on the thread that ran the refresh: an implementation must be fast and must not
 * block. An exception it throws is dropped. It is never given the token.
 */
@FunctionalInterface
public interface TokenRefreshListener {
  /** The listener that hears nothing. */
  TokenRefreshListener NONE = (latency, failure) -> {};

  /**
   * An access-token refresh ended.
   *
   * @param latency how long the refresh took
   * @param failure why it failed, or {@code null} when it succeeded
   */
  void tokenRefreshed(Duration latency, Throwable failure);
}
