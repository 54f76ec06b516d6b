package dev.lropoller.spi;

import reactor.core.publisher.Mono;

/**
 * Supplies the bearer token for each request. Shared by every watch of a poller: thread-safe and
 * non-blocking. {@link CachingAccessTokenSource} turns any refresh function into a source that
 * caches, refreshes ahead of expiry, makes one refresh at a time and abandons a refresh that does
 * not answer in time.
 */
public interface AccessTokenSource {

  /**
   * The token to send now. Usually served from a cache without any I/O.
   *
   * @return the token; an error if none can be had: a {@link TransportException} marked retryable
   *     when trying again later may help, or a {@linkplain TransportException#credentialsFailure
   *     credentials failure} when the credentials are missing or refused
   */
  Mono<AccessToken> token();

  /**
   * The server rejected {@code rejected} with HTTP 401. The next {@link #token()} must not return
   * it again. Callers that saw the same stale token share one refresh.
   *
   * @param rejected the token the server refused
   */
  void invalidate(AccessToken rejected);

  /**
   * A source that always gives {@link AccessToken#none()}: no {@code Authorization} header.
   *
   * @return the anonymous source
   */
  static AccessTokenSource none() {
    return NoAccessTokenSource.INSTANCE;
  }
}
