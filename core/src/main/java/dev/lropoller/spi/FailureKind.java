package dev.lropoller.spi;

import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.RpcCode;
import java.util.concurrent.TimeoutException;

/**
 * What a failed request was, as the engine classifies it before deciding what follows (re-send,
 * retry, wait or fail). It is the one classification of the library: a {@code PollListener} gets
 * the same failure the engine classified, and can read its kind with {@link #of(Throwable)}
 * instead of inspecting the exception.
 */
public enum FailureKind {
  /** HTTP 401: the engine drops the token and sends once more at once. */
  UNAUTHORIZED(true),
  /**
   * HTTP 429, or a retryable status whose body says {@code RESOURCE_EXHAUSTED}: retried, and the
   * whole project waits as long.
   */
  QUOTA(true),
  /** HTTP 500, 502, 503 or 504: retried. */
  UNAVAILABLE(true),
  /** Any other HTTP 5xx: not retried. */
  SERVER_ERROR(false),
  /** HTTP 404: not retried. */
  NOT_FOUND(false),
  /** Any other HTTP 3xx or 4xx (redirects are not followed): not retried. */
  REJECTED(false),
  /** The request was held back locally ({@link TransportException#backPressure}): waited out. */
  BACK_PRESSURE(true),
  /** No answer in time: the engine's request timeout, or a transport's timeout. Retried. */
  TIMEOUT(true),
  /** A connect, reset or read error, and other transient transport failures. Retried. */
  CONNECTION(true),
  /** A body that could not be read, reported as a transient transport failure. Retried. */
  UNREADABLE(true),
  /** An answer that is not what was asked for, such as another operation. Not retried. */
  UNEXPECTED_ANSWER(false),
  /** Credentials that cannot give a token. Not retried. */
  CREDENTIALS(false),
  /** An endpoint whose TLS or protocol setup failed. Not retried. */
  CONFIGURATION(false),
  /** A transport failure that trying again will not fix, such as a body over the limit. */
  PERMANENT(false),
  /** Anything else: not a {@link TransportException} nor a timeout. Not retried. */
  OTHER(false);

  private final boolean retried;

  FailureKind(boolean retried) {
    this.retried = retried;
  }

  /**
   * Whether the engine tries again after a failure of this kind (at once for
   * {@link #UNAUTHORIZED}, after a pause for {@link #BACK_PRESSURE}, after a backoff delay for
   * the others), as long as the watch's budget allows.
   *
   * @return {@code true} for the kinds the engine tries again
   */
  public boolean retried() {
    return retried;
  }

  /**
   * Classifies {@code failure} by its own type and, for a {@link TransportException}, its
   * {@link TransportException#kind()} and HTTP status. Cause chains are not searched: a
   * transport states the kind when it makes the exception.
   *
   * @param failure a failure as a transport or the engine's request timer reported it
   * @return its kind; {@link #OTHER} for {@code null} or anything not listed
   */
  public static FailureKind of(Throwable failure) {
    if (failure instanceof TransportException t) {
      switch (t.kind()) {
        case HTTP:
          return ofHttp(t);
        case BACK_PRESSURE:
          return BACK_PRESSURE;
        case TIMEOUT:
          return TIMEOUT;
        case UNREADABLE:
          return UNREADABLE;
        case CONNECTION:
          return CONNECTION;
        case CREDENTIALS:
          return CREDENTIALS;
        case CONFIGURATION:
          return CONFIGURATION;
        default:
          return PERMANENT;
      }
    }
    if (failure instanceof TimeoutException) {
      return TIMEOUT;
    }
    if (failure instanceof UnexpectedResponseException) {
      return UNEXPECTED_ANSWER;
    }
    return OTHER;
  }

  private static FailureKind ofHttp(TransportException t) {
    int status = t.httpStatus();
    if (status == 401) {
      return UNAUTHORIZED;
    }
    if (status == 404) {
      return NOT_FOUND;
    }
    if (t.retryable()) {
      boolean exhausted = status == 429
          || t.status().map(s -> s.code() == RpcCode.RESOURCE_EXHAUSTED).orElse(false);
      return exhausted ? QUOTA : UNAVAILABLE;
    }
    return status >= 500 ? SERVER_ERROR : REJECTED;
  }
}
