package dev.lropoller.bench.support;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of the demo and the benchmarks, for reading and writing short
 * durations.
 *
 * <p>Read: a non-negative decimal number and a unit, {@code ms}, {@code s}, {@code m} or
 * {@code h} ({@code 250ms}, {@code 1s}, {@code 2.5s}, {@code 2m}, {@code 1h}), case-insensitive,
 * or ISO-8601 ({@code PT1S}, {@code PT0.25S}). Sub-nanosecond parts are rounded half up.
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  /** Accepted forms, for error messages. */
  public static final String FORMS = "500ms, 1s, 2.5s, 2m, 1h or ISO-8601 such as PT1S";

  private Durations() {}

  /**
   * Parses a duration in the grammar of the class comment.
   *
   * @param text the text, surrounding blanks ignored
   * @return the duration, never negative
   * @throws IllegalArgumentException if the text is not a non-negative duration; the message
   *     quotes it
   */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long nanosPerUnit = switch (m.group(2)) {
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      try {
        return Duration.ofNanos(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit))
            .setScale(0, RoundingMode.HALF_UP).longValueExact());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration too long: \"" + text + "\"", e);
      }
    }
    Duration d;
    try {
      d = Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration: \"" + text + "\" (use " + FORMS + ")", e);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative duration: \"" + text + "\"");
    }
    return d;
  }

  /**
   * Formats for people: {@code 850ms}, {@code 2.3s}, {@code 1m05s}.
   *
   * @param d a non-negative duration
   * @return the text, in milliseconds below a second, tenths of seconds below a minute
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1_000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
  }
}
