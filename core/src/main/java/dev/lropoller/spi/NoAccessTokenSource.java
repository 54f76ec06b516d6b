package dev.lropoller.spi;

import reactor.core.publisher.Mono;

/** Sends no credentials. */
final class NoAccessTokenSource implements AccessTokenSource {
  static final NoAccessTokenSource INSTANCE = new NoAccessTokenSource();
  private static final Mono<AccessToken> NONE = Mono.just(AccessToken.none());

  private NoAccessTokenSource() {}

  @Override
  public Mono<AccessToken> token() {
    return NONE;
  }

  @Override
  public void invalidate(AccessToken rejected) {
    // Nothing to drop: a 401 without credentials is final, and the engine reports it.
  }

  @Override
  public String toString() {
    return "AccessTokenSource.none()";
  }
}
