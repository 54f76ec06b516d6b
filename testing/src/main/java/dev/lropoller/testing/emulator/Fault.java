package dev.lropoller.testing.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One transport-level misbehaviour the emulator can inject into an answer (see
 * {@link EmulatorFaults}). Immutable.
 *
 * <p>Status, HTML and connection-reset faults replace the answer: the request never reaches the
 * emulated backend, so it is not counted as a poll and does not advance the operation. Latency
 * delays a normal answer; truncated and oversized bodies distort a normal answer (the poll did
 * count).
 */
public final class Fault {
  /** The default size of {@link #oversizedBody()}: 5 MiB. */
  public static final int DEFAULT_OVERSIZED_BYTES = 5 * 1024 * 1024;

  /** What a fault does. */
  public enum Type {
    /** An HTTP error status with an AIP-193 JSON body. */
    STATUS,
    /** A normal answer after an added delay. */
    LATENCY,
    /** The connection is closed (reset) without any response. */
    CONNECTION_RESET,
    /** A normal status and headers, a Content-Length larger than the bytes sent, then close. */
    TRUNCATED_BODY,
    /** An error status with a {@code text/html} body, as from a proxy. */
    HTML_BODY,
    /** A normal 200 Operation body padded with an unknown field to a large size. */
    OVERSIZED_BODY
  }

  private final Type type;
  private final int httpStatus;
  private final Duration duration;
  private final int bytes;

  private Fault(Type type, int httpStatus, Duration duration, int bytes) {
    this.type = type;
    this.httpStatus = httpStatus;
    this.duration = duration;
    this.bytes = bytes;
  }

  /**
   * An HTTP error answer with an AIP-193 body ({@code status} 500 INTERNAL, 502/503 UNAVAILABLE,
   * 504 DEADLINE_EXCEEDED, 429 RESOURCE_EXHAUSTED, ...).
   *
   * @param httpStatus 400..599
   * @return the fault
   * @throws IllegalArgumentException if the status is outside 400..599
   */
  public static Fault status(int httpStatus) {
    checkStatus(httpStatus);
    return new Fault(Type.STATUS, httpStatus, null, 0);
  }

  /**
   * A 429 RESOURCE_EXHAUSTED answer with a {@code Retry-After} header (whole seconds, rounded
   * up) and a {@code google.rpc.RetryInfo} detail carrying the exact delay.
   *
   * @param retryAfter the delay to advertise; not null, not negative
   * @return the fault
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public static Fault tooManyRequests(Duration retryAfter) {
    if (Objects.requireNonNull(retryAfter, "retryAfter").isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    }
    return new Fault(Type.STATUS, 429, retryAfter, 0);
  }

  /**
   * Delays the normal answer by {@code delay} on the emulator's timer scheduler (never a sleep).
   *
   * @param delay not null, not negative
   * @return the fault
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static Fault latency(Duration delay) {
    if (Objects.requireNonNull(delay, "delay").isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    return new Fault(Type.LATENCY, 0, delay, 0);
  }

  /**
   * Closes the connection with a TCP reset (SO_LINGER 0) before any response byte.
   *
   * @return the fault
   */
  public static Fault connectionReset() {
    return new Fault(Type.CONNECTION_RESET, 0, null, 0);
  }

  /**
   * Sends the normal status, a {@code Content-Length} of the full body but only its first half,
   * then closes the connection.
   *
   * @return the fault
   */
  public static Fault truncatedBody() {
    return new Fault(Type.TRUNCATED_BODY, 0, null, 0);
  }

  /**
   * A 502 answer with a {@code text/html} body, as a proxy or load balancer would send.
   *
   * @return the fault
   */
  public static Fault htmlBody() {
    return htmlBody(502);
  }

  /**
   * An error answer with a {@code text/html} body.
   *
   * @param httpStatus 400..599
   * @return the fault
   * @throws IllegalArgumentException if the status is outside 400..599
   */
  public static Fault htmlBody(int httpStatus) {
    checkStatus(httpStatus);
    return new Fault(Type.HTML_BODY, httpStatus, null, 0);
  }

  /**
   * A 200 answer whose valid Operation JSON is padded with an unknown field to
   * {@value #DEFAULT_OVERSIZED_BYTES} bytes.
   *
   * @return the fault
   */
  public static Fault oversizedBody() {
    return oversizedBody(DEFAULT_OVERSIZED_BYTES);
  }

  /**
   * A 200 answer whose valid JSON body is padded with an unknown field to {@code bytes} bytes
   * (or left as is, if it is already larger).
   *
   * @param bytes the total body size, at least 1
   * @return the fault
   * @throws IllegalArgumentException if {@code bytes < 1}
   */
  public static Fault oversizedBody(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("bytes must be positive, got " + bytes);
    }
    return new Fault(Type.OVERSIZED_BODY, 0, null, bytes);
  }

  /**
   * What this fault does.
   *
   * @return the type
   */
  public Type type() {
    return type;
  }

  /**
   * The HTTP status of a {@link Type#STATUS} or {@link Type#HTML_BODY} fault.
   *
   * @return the status, or 0 for other types
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The added delay of a {@link Type#LATENCY} fault, or the advertised delay of
   * {@link #tooManyRequests}.
   *
   * @return the duration, or {@link Duration#ZERO} when there is none
   */
  public Duration duration() {
    return duration == null ? Duration.ZERO : duration;
  }

  Duration retryAfterOrNull() {
    return type == Type.STATUS ? duration : null;
  }

  int bytes() {
    return bytes;
  }

  /**
   * A short description, e.g. {@code status 503}, {@code 429 retry-after 2s}, {@code latency PT0.1S}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return switch (type) {
      case STATUS -> duration != null ? "429 retry-after " + EmulatorJson.duration(duration) : "status " + httpStatus;
      case LATENCY -> "latency " + duration;
      case CONNECTION_RESET -> "connection reset";
      case TRUNCATED_BODY -> "truncated body";
      case HTML_BODY -> "html body " + httpStatus;
      case OVERSIZED_BODY -> "oversized body " + bytes + " bytes";
    };
  }

  private static void checkStatus(int httpStatus) {
    if (httpStatus < 400 || httpStatus > 599) {
      throw new IllegalArgumentException("fault status must be 400..599, got " + httpStatus);
    }
  }
}
