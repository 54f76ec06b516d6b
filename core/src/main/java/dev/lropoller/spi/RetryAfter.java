package dev.lropoller.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 section 10.2.3). */
public final class RetryAfter {
  /** Longest delay honoured; a larger value is clamped, so a bogus header cannot park a watch. */
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
      return Optional.of(delay.isNegative() ? Duration.ZERO : clamp(delay));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration clamp(Duration d) {
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }
}
