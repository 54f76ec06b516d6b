package dev.lropoller.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 section 10.2.3), and bounds every retry
 * hint a server gives.
 *
 * <p>A server can ask for a delay in two places: the {@code Retry-After} header and the
 * {@code RetryInfo.retryDelay} of an error body. Both go through {@link #clamp}, so both are
 * capped at {@link #MAX_DELAY} (one hour): a bogus or hostile hint cannot park a watch for days.
 * The engine never retries sooner than the clamped hint, and still stops at the watch's
 * timeout.
 */
public final class RetryAfter {
  /**
   * Longest server-requested delay honoured, from {@code Retry-After} or
   * {@code RetryInfo.retryDelay}: one hour. A larger value is clamped to it.
   */
  public static final Duration MAX_DELAY = Duration.ofHours(1);

  private RetryAfter() {}

  /**
   * Parses delay-seconds ({@code "120"}) or an HTTP date ({@code "Wed, 21 Oct 2026 07:28:00
   * GMT"}).
   *
   * @param header the header value, or {@code null}
   * @param now the current time, to turn a date into a delay
   * @return the delay (zero for a date in the past, at most {@link #MAX_DELAY}); empty when the
   *     header is absent or unreadable
   */
  public static Optional<Duration> parse(String header, Instant now) {
    if (header == null) {
      return Optional.empty();
    }
    String value = header.trim();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (value.length() > 9) {
        return Optional.of(MAX_DELAY);
      }
      return Optional.of(clamp(Duration.ofSeconds(Long.parseLong(value))));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(now, at);
      return Optional.of(clamp(delay));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Bounds a server's retry hint: a negative delay gives zero, one over {@link #MAX_DELAY} gives
   * {@link #MAX_DELAY}. The one place where hints are clamped; {@link #parse},
   * {@code RpcStatus.retryDelay()} and {@link TransportException#http} all use it.
   *
   * @param delay the delay the server asked for
   * @return the delay to honour, between zero and {@link #MAX_DELAY}
   * @throws NullPointerException if {@code delay} is null
   */
  public static Duration clamp(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }
}
