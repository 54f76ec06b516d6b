package dev.lropoller.spi;

import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.RpcCode;
import dev.lropoller.model.RpcStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A failed call, as a transport reports it to the engine.
 *
 * <p>It carries one {@link Kind}: an HTTP error answer ({@link #http}), a failure that may pass
 * on its own such as a reset connection or a truncated body ({@link #transientFailure}), one
 * that will not ({@link #permanentFailure}, such as a body over the size limit), local
 * back-pressure, and credentials or endpoint configuration that cannot work. The engine retries
 * {@linkplain #retryable() retryable} ones with backoff, never sooner than {@link #retryAfter()},
 * and turns the rest into the public {@code dev.lropoller} exceptions.
 *
 * <p>Messages must never contain a token: build them from statuses, sizes and names only.
 */
public final class TransportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * What kind of failure a {@link TransportException} reports: one per factory, except that a
   * {@linkplain #transientFailure transient failure} is told apart by its cause when it is made.
   */
  public enum Kind {
    /** An HTTP answer outside 2xx ({@link #http}); retryable for 429, 500, 502, 503, 504. */
    HTTP(false),
    /** A connect, reset or read error, or any transient failure not below. Retryable. */
    CONNECTION(true),
    /** A transient failure caused by a timeout, such as a read timeout. Retryable. */
    TIMEOUT(true),
    /** A transient failure caused by a body that could not be read. Retryable. */
    UNREADABLE(true),
    /** Local back-pressure ({@link #backPressure}). Retryable, and not counted as a failure. */
    BACK_PRESSURE(true),
    /** A failure that trying again will not fix ({@link #permanentFailure}). */
    PERMANENT(false),
    /** Credentials that cannot give a token ({@link #credentialsFailure}). */
    CREDENTIALS(false),
    /** An endpoint that cannot be talked to as configured ({@link #configurationFailure}). */
    CONFIGURATION(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }
  }

  private final Kind kind;
  private final int httpStatus;
  private final transient RpcStatus status;
  private final Duration retryAfter;

  private TransportException(
      Kind kind, String message, Throwable cause, int httpStatus, RpcStatus status,
      Duration retryAfter) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  private TransportException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, 0, null, null);
  }

  /**
   * An HTTP answer outside 2xx. Parses the AIP-193 error body (an HTML or empty body still gives
   * the status). Retryable for 429, 500, 502, 503 and 504. The retry delay is the longer of
   * {@code retryAfterHeader} and the body's {@code RetryInfo.retryDelay}.
   *
   * @param httpStatus the HTTP status, 300..599
   * @param body the response body, possibly empty
   * @param retryAfterHeader the parsed {@code Retry-After} header (see {@link RetryAfter}), or
   *     {@code null}
   * @return the exception
   * @throws IllegalArgumentException if {@code httpStatus} is not 300..599
   */
  public static TransportException http(int httpStatus, byte[] body, Duration retryAfterHeader) {
    if (httpStatus < 300 || httpStatus > 599) {
      throw new IllegalArgumentException("not an HTTP error status: " + httpStatus);
    }
    RpcStatus status = RpcStatus.fromErrorBody(httpStatus, body == null ? new byte[0] : body);
    Duration delay = longer(retryAfterHeader == null ? null : RetryAfter.clamp(retryAfterHeader),
        status.retryDelay().orElse(null));
    return new TransportException(Kind.HTTP,
        "HTTP " + httpStatus + " " + status.code() + ": " + status.message(),
        null, httpStatus, status, delay);
  }

  /**
   * A failure that trying again may fix: connect, reset or read errors, a truncated or
   * unreadable body, a request timeout. Its {@link #kind()} is {@link Kind#TIMEOUT} when
   * {@code cause} is a timeout (a {@link TimeoutException}, or any class named
   * {@code *TimeoutException} such as Netty's read timeout), {@link Kind#UNREADABLE} when it is
   * an {@link UnexpectedResponseException} or a Jackson parse error, else
   * {@link Kind#CONNECTION}.
   *
   * @param message what failed, without secrets
   * @param cause the underlying error, or {@code null}
   * @return the exception
   */
  public static TransportException transientFailure(String message, Throwable cause) {
    return new TransportException(transientKind(cause), message, cause);
  }

  private static Kind transientKind(Throwable cause) {
    if (cause == null) {
      return Kind.CONNECTION;
    }
    if (cause instanceof TimeoutException
        || cause.getClass().getSimpleName().endsWith("TimeoutException")) {
      return Kind.TIMEOUT;
    }
    if (cause instanceof UnexpectedResponseException
        || cause.getClass().getName().startsWith("com.fasterxml.jackson.")) {
      return Kind.UNREADABLE;
    }
    return Kind.CONNECTION;
  }

  /**
   * A failure that trying again will not fix, such as a body over the size limit.
   *
   * @param message what failed and the limit or value involved, without secrets
   * @param cause the underlying error, or {@code null}
   * @return the exception
   */
  public static TransportException permanentFailure(String message, Throwable cause) {
    return new TransportException(Kind.PERMANENT, message, cause);
  }

  /**
   * Credentials that cannot give a token: none found, an unreadable key, or a token endpoint
   * that refused them ({@code invalid_grant}). Not retried; the engine reports it as a
   * {@code CredentialsException}.
   *
   * @param message what is wrong and how to fix it, without secrets
   * @param cause the underlying error, or {@code null}
   * @return the exception
   */
  public static TransportException credentialsFailure(String message, Throwable cause) {
    return new TransportException(Kind.CREDENTIALS, message, cause);
  }

  /**
   * The endpoint cannot be talked to as configured: a TLS handshake that failed (an untrusted
   * or expired certificate, a host name the certificate does not cover) or an HTTP/2 protocol
   * error such as a server that does not speak the protocol the client insists on. Not retried;
   * the engine reports it as an {@code EndpointConfigurationException}.
   *
   * @param message the endpoint and what failed, without secrets
   * @param cause the underlying error, or {@code null}
   * @return the exception
   */
  public static TransportException configurationFailure(String message, Throwable cause) {
    return new TransportException(Kind.CONFIGURATION, message, cause);
  }

  /**
   * Whether the endpoint's TLS or protocol setup failed (see {@link #configurationFailure}).
   *
   * @return {@code true} for a configuration failure
   */
  public boolean isConfigurationFailure() {
    return kind == Kind.CONFIGURATION;
  }

  /**
   * Local back-pressure: the request was not sent because a local resource was full, such as a
   * connection pool whose pending-acquire queue reached its limit or whose acquire timed out.
   * Retryable; the engine tries again after a short pause without counting it toward
   * {@code maxConsecutiveFailures}, since it says nothing about the operation or the server.
   *
   * @param message what was full, with its limit, without secrets
   * @param cause the underlying error, or {@code null}
   * @return the exception
   */
  public static TransportException backPressure(String message, Throwable cause) {
    return new TransportException(Kind.BACK_PRESSURE, message, cause);
  }

  /**
   * Whether the request was held back locally (see {@link #backPressure}).
   *
   * @return {@code true} for local back-pressure
   */
  public boolean isBackPressure() {
    return kind == Kind.BACK_PRESSURE;
  }

  /**
   * Whether the statuses the design treats as transient include {@code httpStatus}: 429, 500,
   * 502, 503 and 504.
   *
   * @param httpStatus an HTTP status
   * @return {@code true} if a retry may help
   */
  public static boolean isRetryableStatus(int httpStatus) {
    return httpStatus == 429 || httpStatus == 500 || httpStatus == 502 || httpStatus == 503
        || httpStatus == 504;
  }

  private static Duration longer(Duration a, Duration b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Whether a retry may help.
   *
   * @return {@code true} for transient failures
   */
  public boolean retryable() {
    return kind == Kind.HTTP ? isRetryableStatus(httpStatus) : kind.retryable;
  }

  /**
   * What kind of failure this is; the boolean accessors ({@link #retryable()},
   * {@link #isBackPressure()}, ...) are read from it.
   *
   * @return the kind, never {@code null}
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The HTTP status of an error answer.
   *
   * @return the status, or 0 when the failure was not an HTTP answer
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Whether the credentials could not give a token (see {@link #credentialsFailure}).
   *
   * @return {@code true} for a credentials failure
   */
  public boolean isCredentialsFailure() {
    return kind == Kind.CREDENTIALS;
  }

  /**
   * Whether this is an HTTP 401 answer.
   *
   * @return {@code true} for 401
   */
  public boolean isUnauthorized() {
    return httpStatus == 401;
  }

  /**
   * The parsed error body of an HTTP answer.
   *
   * @return the status, empty when the failure was not an HTTP answer
   */
  public Optional<RpcStatus> status() {
    return Optional.ofNullable(status);
  }

  /**
   * The delay the server asked for, from {@code Retry-After} or {@code RetryInfo}.
   *
   * @return the delay, if the server gave one; at most {@link RetryAfter#MAX_DELAY}
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * The status of an HTTP answer, or one derived from the failure for other kinds.
   *
   * @return a status, never {@code null}
   */
  public RpcStatus statusOrDerived() {
    if (status != null) {
      return status;
    }
    return RpcStatus.of(retryable() ? RpcCode.UNAVAILABLE : RpcCode.INTERNAL, Objects.toString(getMessage(), ""));
  }
}
