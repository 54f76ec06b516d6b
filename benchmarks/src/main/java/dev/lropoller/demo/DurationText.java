package dev.lropoller.demo;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes short durations such as {@code 500ms}, {@code 1s}, {@code 2.5s}, {@code 1m}. */
final class DurationText {
  private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");

  private DurationText() {}

  /**
   * Parses {@code 500ms}, {@code 1s}, {@code 1.5s}, {@code 2m} or ISO-8601 ({@code PT1S}).
   *
   * @return the duration, or null if the text is not one
   */
  static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      double value = Double.parseDouble(m.group(1));
      double millis = switch (m.group(2)) {
        case "ms" -> value;
        case "s" -> value * 1_000;
        default -> value * 60_000;
      };
      return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Formats for people: {@code 850ms}, {@code 2.3s}, {@code 1m05s}. */
  static String format(Duration d) {
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
