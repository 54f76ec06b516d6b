package dev.lropoller.spi;

import dev.lropoller.model.RpcCode;
import dev.lropoller.model.RpcStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed call, as a transport reports it to the engine.
 *
 * <p>Three kinds: an HTTP error answer ({@link #http}), a failure that may pass on its own such
 * as a reset connection or a truncated body ({@link #transientFailure}), and one that will not
 * ({@link #permanentFailure}, such as a body over the size limit). The engine retries
 * {@linkplain #retryable() retryable} ones with backoff, never sooner than {@link #retryAfter()},
 * and turns the rest into the public {@code dev.lropoller} exceptions.
 *
 * <p>Messages must never contain a token: build them from statuses, sizes and names only.
 */
public final class TransportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final transient RpcStatus status;
  private final boolean retryable;
  private final Duration retryAfter;
  private final boolean credentials;
  private final boolean backPressure;
  private final boolean configuration;

  private TransportException(
      String message, Throwable cause, int httpStatus, RpcStatus status, boolean retryable,
      Duration retryAfter) {
    this(message, cause, httpStatus, status, retryable, retryAfter, false);
  }

  private TransportException(
      String message, Throwable cause, int httpStatus, RpcStatus status, boolean retryable,
      Duration retryAfter, boolean credentials) {
    this(message, cause, httpStatus, status, retryable, retryAfter, credentials, false, false);
  }

  private TransportException(
      String message, Throwable cause, int httpStatus, RpcStatus status, boolean retryable,
      Duration retryAfter, boolean credentials, boolean backPressure, boolean configuration) {
    super(message, cause);
    this.backPressure = backPressure;
    this.configuration = configuration;
    this.httpStatus = httpStatus;
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.credentials = credentials;
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
    return new TransportException(
        "HTTP " + httpStatus + " " + status.code() + ": " + status.message(),
        null, httpStatus, status, isRetryableStatus(httpStatus), delay);
  }

  /**
   * A failure that trying again may fix: connect, reset or read errors, a truncated or
   * unreadable body, a request timeout.
   *
   * @param message what failed, without secrets
   * @param cause the underlying error, or {@code null}
   * @return the exception
   */
  public static TransportException transientFailure(String message, Throwable cause) {
    return new TransportException(message, cause, 0, null, true, null);
  }

  /**
   * A failure that trying again will not fix, such as a body over the size limit.
   *
   * @param message what failed and the limit or value involved, without secrets
   * @param cause the underlying error, or {@code null}
   * @return the exception
   */
  public static TransportException permanentFailure(String message, Throwable cause) {
    return new TransportException(message, cause, 0, null, false, null);
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
    return new TransportException(message, cause, 0, null, false, null, true);
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
    return new TransportException(message, cause, 0, null, false, null, false, false, true);
  }

  /**
   * Whether the endpoint's TLS or protocol setup failed (see {@link #configurationFailure}).
   *
   * @return {@code true} for a configuration failure
   */
  public boolean isConfigurationFailure() {
    return configuration;
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
    return new TransportException(message, cause, 0, null, true, null, false, true, false);
  }

  /**
   * Whether the request was held back locally (see {@link #backPressure}).
   *
   * @return {@code true} for local back-pressure
   */
  public boolean isBackPressure() {
    return backPressure;
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
    return retryable;
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
    return credentials;
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
    return RpcStatus.of(retryable ? RpcCode.UNAVAILABLE : RpcCode.INTERNAL, Objects.toString(getMessage(), ""));
  }
}
