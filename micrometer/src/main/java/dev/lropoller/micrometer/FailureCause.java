package dev.lropoller.micrometer;

import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.CredentialsException;
import dev.lropoller.spi.FailureKind;
import java.io.IOException;
import java.util.Locale;

/**
 * The bounded {@code cause} tag of a failure: a handful of values, never a message or a name, so
 * a meter's series stay few whatever the failures say.
 */
enum FailureCause {
  /** No failure. */
  NONE,
  /** HTTP 429 Too Many Requests. */
  HTTP_429,
  /** HTTP 401 Unauthorized. */
  HTTP_401,
  /** HTTP 404 Not Found. */
  HTTP_404,
  /** Any other 4xx, and 3xx redirects, which are not followed. */
  HTTP_4XX,
  /** HTTP 500..599. */
  HTTP_5XX,
  /** No answer in time: the request timeout or a read timeout. */
  TIMEOUT,
  /** Connect, reset or read errors, and transient transport failures that carry no HTTP status. */
  CONNECTION,
  /** A body that could not be read as the expected JSON. */
  UNREADABLE,
  /** No access token: credentials missing or refused, or a failed refresh. */
  TOKEN,
  /** Anything else. */
  OTHER;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /**
   * The tag value, such as {@code http_5xx}.
   *
   * @return the lowercase name
   */
  String tag() {
    return tag;
  }

  /**
   * The cause of a failure, read from the engine's classification ({@link FailureKind#of}). A
   * failure the engine does not classify ({@link FailureKind#OTHER}: one that a transport did
   * not wrap in a {@code TransportException}, or a public exception) is tagged by its own type;
   * cause chains are not searched.
   *
   * @param failure the failure, or {@code null}
   * @return the cause; {@link #NONE} for {@code null}
   */
  static FailureCause of(Throwable failure) {
    if (failure == null) {
      return NONE;
    }
    switch (FailureKind.of(failure)) {
      case UNAUTHORIZED:
        return HTTP_401;
      case QUOTA:
        return HTTP_429;
      case NOT_FOUND:
        return HTTP_404;
      case REJECTED:
        return HTTP_4XX;
      case UNAVAILABLE:
      case SERVER_ERROR:
        return HTTP_5XX;
      case TIMEOUT:
        return TIMEOUT;
      case CONNECTION:
      case BACK_PRESSURE:
      case CONFIGURATION:
        return CONNECTION;
      case UNREADABLE:
      case UNEXPECTED_ANSWER:
        return UNREADABLE;
      case CREDENTIALS:
        return TOKEN;
      case OTHER:
        return ofType(failure);
      default:
        return OTHER;
    }
  }

  /** A failure outside the engine's classification, by its own type. */
  private static FailureCause ofType(Throwable t) {
    if (t instanceof ApiCallException api) {
      return ofStatus(api.httpStatus());
    }
    if (t instanceof CredentialsException) {
      return TOKEN;
    }
    if (t.getClass().getSimpleName().endsWith("TimeoutException")) {
      // Netty's ReadTimeoutException is not a java.util.concurrent.TimeoutException.
      return TIMEOUT;
    }
    if (t instanceof IOException) {
      // Jackson's parse errors are IOExceptions; they mean an unreadable body, not the network.
      return t.getClass().getName().startsWith("com.fasterxml.jackson.") ? UNREADABLE : CONNECTION;
    }
    return OTHER;
  }

  private static FailureCause ofStatus(int status) {
    if (status == 429) {
      return HTTP_429;
    }
    if (status == 401) {
      return HTTP_401;
    }
    if (status == 404) {
      return HTTP_404;
    }
    if (status >= 500) {
      return HTTP_5XX;
    }
    return status >= 300 ? HTTP_4XX : OTHER;
  }
}
