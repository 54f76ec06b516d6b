package dev.lropoller.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A fast reader for the timestamp shape Google's APIs send on every poll,
 * {@code 2019-07-22T18:35:06.881193Z} (0 to 9 fraction digits, {@code Z} or {@code ±hh:mm}).
 * {@code DateTimeFormatter} costs about a microsecond per value; this costs a few dozen
 * nanoseconds. Anything else is left to the caller's general parser. Used by {@link ProtoJson} only.
 */
final class Rfc3339 {
  private Rfc3339() {}

  /**
   * Parses {@code s} if it has the common shape.
   *
   * @param s the text
   * @return the instant, or {@code null} if {@code s} is not of the common shape or not a valid
   *     date and time (the caller then tries a general parser, which reports the error)
   */
  static Instant parseOrNull(String s) {
    int len = s.length();
    if (len < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) | 0x20) != 't'
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < len && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (i - start < 9) {
          nanos = nanos * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0 || count > 9) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    if (i >= len) {
      return null;
    }
    int offsetSeconds;
    char zone = s.charAt(i);
    if ((zone | 0x20) == 'z' && i + 1 == len) {
      offsetSeconds = 0;
    } else if ((zone == '+' || zone == '-') && i + 6 == len && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || oh > 18 || om < 0 || om > 59) {
        return null;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (zone == '-' ? -1 : 1);
    } else {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
