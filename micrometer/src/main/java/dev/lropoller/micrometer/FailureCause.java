package dev.lropoller.micrometer;

import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.CredentialsException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.spi.TransportException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

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

  /** How deep the cause chain is searched; chains are short, and a cycle must not loop. */
  private static final int MAX_DEPTH = 8;

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
   * Classifies a failure by its type and HTTP status, looking through wrappers to the first
   * cause that says something.
   *
   * @param failure the failure, or {@code null}
   * @return the cause; {@link #NONE} for {@code null}
   */
  static FailureCause of(Throwable failure) {
    if (failure == null) {
      return NONE;
    }
    boolean transientTransport = false;
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof TransportException te) {
        if (te.httpStatus() > 0) {
          return ofStatus(te.httpStatus());
        }
        if (te.isCredentialsFailure()) {
          return TOKEN;
        }
        transientTransport |= te.retryable();
      } else if (t instanceof ApiCallException api) {
        return ofStatus(api.httpStatus());
      } else if (t instanceof CredentialsException) {
        return TOKEN;
      } else if (t instanceof UnexpectedResponseException) {
        return UNREADABLE;
      } else if (t instanceof TimeoutException || t.getClass().getSimpleName().endsWith("TimeoutException")) {
        // Netty's ReadTimeoutException is not a java.util.concurrent.TimeoutException.
        return TIMEOUT;
      } else if (t instanceof IOException) {
        return isJsonError(t) ? UNREADABLE : CONNECTION;
      }
    }
    return transientTransport ? CONNECTION : OTHER;
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

  /** Jackson's parse errors are IOExceptions; they mean an unreadable body, not the network. */
  private static boolean isJsonError(Throwable t) {
    return t.getClass().getName().startsWith("com.fasterxml.jackson.");
  }
}
