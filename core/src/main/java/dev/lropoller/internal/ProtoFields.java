package dev.lropoller.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Lenient ProtoJSON readers of one field each, for the scalar types the model needs. Every reader
 * treats an absent field (or JSON {@code null}) as the proto default and throws
 * {@link JsonReadException} quoting the field and value when a present value cannot be read. Not
 * API: used by the model classes of {@code dev.lropoller}, which turn {@link JsonReadException}
 * into their public error. Trees come from {@link ProtoJson#readTree}.
 */
public final class ProtoFields {
  private static final String NANOS_ZEROS = "000000000";

  /** Any run of up to 18 decimal digits fits a long. */
  private static final int MAX_LONG_DIGITS = 18;

  private ProtoFields() {}

  /**
   * A string field; numbers and booleans are accepted and rendered as text.
   *
   * @param object the message
   * @param field the field
   * @param path the message's path for errors, such as {@code "response"}
   * @return the value, {@code ""} when absent
   */
  public static String string(JsonNode object, ProtoField field, String path) {
    JsonNode v = field.get(object);
    if (v == null) {
      return "";
    }
    if (v.isValueNode()) {
      return v.asText();
    }
    throw wrongType(path, field, "a string", v);
  }

  /**
   * A message field.
   *
   * @param object the message
   * @param field the field
   * @param path the message's path for errors
   * @return the object node, or {@code null} when absent
   * @throws JsonReadException if present but not a JSON object
   */
  public static JsonNode message(JsonNode object, ProtoField field, String path) {
    JsonNode v = field.get(object);
    if (v == null || v.isObject()) {
      return v;
    }
    throw wrongType(path, field, "an object", v);
  }

  /**
   * A repeated field.
   *
   * @param object the message
   * @param field the field
   * @param path the message's path for errors
   * @return the array node, or {@code null} when absent
   * @throws JsonReadException if present but not a JSON array
   */
  public static JsonNode array(JsonNode object, ProtoField field, String path) {
    JsonNode v = field.get(object);
    if (v == null || v.isArray()) {
      return v;
    }
    throw wrongType(path, field, "an array", v);
  }

  /**
   * A bool field; also accepts the strings {@code "true"} and {@code "false"}.
   *
   * @param object the message
   * @param field the field
   * @param path the message's path for errors
   * @return the value, {@code false} when absent
   */
  public static boolean bool(JsonNode object, ProtoField field, String path) {
    JsonNode v = field.get(object);
    if (v == null) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual() && ("true".equals(v.textValue()) || "false".equals(v.textValue()))) {
      return Boolean.parseBoolean(v.textValue());
    }
    throw wrongType(path, field, "a boolean", v);
  }

  /**
   * An int32 field given as a number or a decimal string; integral floats such as {@code 40.0}
   * are accepted.
   *
   * @param object the message
   * @param field the field
   * @param path the message's path for errors
   * @return the value, empty when absent
   */
  public static OptionalInt int32(JsonNode object, ProtoField field, String path) {
    JsonNode v = field.get(object);
    if (v == null) {
      return OptionalInt.empty();
    }
    long n = integral(v, path, field, Integer.MIN_VALUE, Integer.MAX_VALUE, "an int32");
    return OptionalInt.of((int) n);
  }

  /**
   * An int64 field given as a decimal string (the ProtoJSON form) or a number.
   *
   * @param object the message
   * @param field the field
   * @param path the message's path for errors
   * @return the value, 0 when absent
   */
  public static long int64(JsonNode object, ProtoField field, String path) {
    JsonNode v = field.get(object);
    return v == null ? 0L : integral(v, path, field, Long.MIN_VALUE, Long.MAX_VALUE, "an int64");
  }

  private static long integral(
      JsonNode v, String path, ProtoField field, long min, long max, String what) {
    BigDecimal d = null;
    try {
      if (v.isNumber()) {
        d = v.decimalValue(); // an overflowing double is infinite: NumberFormatException
      } else if (v.isTextual() && v.textValue().length() <= ProtoJson.MAX_NUMBER_LENGTH) {
        d = new BigDecimal(v.textValue().trim());
      }
    } catch (NumberFormatException e) {
      d = null;
    }
    if (d != null) {
      try {
        long n = d.longValueExact();
        if (n >= min && n <= max) {
          return n;
        }
      } catch (ArithmeticException e) {
        // fractional or out of long range: reported below
      }
    }
    throw wrongType(path, field, what, v);
  }

  /**
   * An enum field given as its name or its number.
   *
   * @param object the message
   * @param field the field
   * @param path the message's path for errors
   * @param names the enum's value names indexed by number (dense from 0)
   * @return the name; the first name when absent; the number as text when it has no name
   */
  public static String enumName(JsonNode object, ProtoField field, String path, String[] names) {
    JsonNode v = field.get(object);
    if (v == null) {
      return names[0];
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      int n = v.intValue();
      return n >= 0 && n < names.length ? names[n] : Integer.toString(n);
    }
    throw wrongType(path, field, "an enum name or number", v);
  }

  /**
   * A {@code google.protobuf.Timestamp}: RFC 3339 with any number of fraction digits (0 to 9)
   * and {@code Z} or a numeric offset.
   *
   * @param object the message
   * @param field the field
   * @param path the message's path for errors
   * @return the instant, empty when absent
   */
  public static Optional<Instant> timestamp(JsonNode object, ProtoField field, String path) {
    JsonNode v = field.get(object);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isTextual()) {
      Instant fast = Rfc3339.parseOrNull(v.textValue());
      if (fast != null) {
        return Optional.of(fast);
      }
      try {
        return Optional.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(v.textValue(), Instant::from));
      } catch (DateTimeException e) {
        // reported below
      }
    }
    throw wrongType(path, field, "an RFC 3339 timestamp", v);
  }

  /**
   * Parses a {@code google.protobuf.Duration} in its JSON form: seconds with an optional
   * fraction of up to 9 digits and an {@code s} suffix, such as {@code "2.5s"} or
   * {@code "-0.001s"}. Seconds beyond the range of a {@code long} saturate to
   * {@code Long.MAX_VALUE} seconds, so an absurd server hint reads as "very long", not as
   * unreadable.
   *
   * @param text the text
   * @return the duration, empty when {@code text} is not of that form
   */
  public static Optional<Duration> duration(String text) {
    if (text == null || text.length() < 2 || text.charAt(text.length() - 1) != 's') {
      return Optional.empty();
    }
    String body = text.substring(0, text.length() - 1);
    boolean negative = body.startsWith("-");
    if (negative) {
      body = body.substring(1);
    }
    int dot = body.indexOf('.');
    String secs = dot < 0 ? body : body.substring(0, dot);
    String frac = dot < 0 ? "" : body.substring(dot + 1);
    if (secs.isEmpty() || frac.length() > 9 || (dot >= 0 && frac.isEmpty())
        || !digits(secs) || !digits(frac)) {
      return Optional.empty();
    }
    try {
      int lead = 0;
      while (lead < secs.length() - 1 && secs.charAt(lead) == '0') {
        lead++;
      }
      long s = secs.length() - lead > MAX_LONG_DIGITS ? Long.MAX_VALUE : Long.parseLong(secs);
      int nanos = frac.isEmpty() ? 0 : Integer.parseInt(frac + NANOS_ZEROS.substring(frac.length()));
      Duration d = Duration.ofSeconds(s, nanos);
      return Optional.of(negative ? d.negated() : d);
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * The type name of an {@code Any}: the part of {@code "@type"} after the last {@code /}.
   *
   * @param any the Any object
   * @return the type name, empty when {@code "@type"} is absent, not a string or blank
   */
  public static Optional<String> anyType(JsonNode any) {
    JsonNode t = any == null ? null : any.get("@type");
    if (t == null || !t.isTextual()) {
      return Optional.empty();
    }
    String url = t.textValue();
    String name = url.substring(url.lastIndexOf('/') + 1).trim();
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }

  /**
   * The message for a value of the wrong type, naming the field and quoting the value.
   *
   * @param path the message's path, may be empty
   * @param field the field
   * @param expected what was expected, such as {@code "an int32"}
   * @param actual the value found
   * @return the exception to throw
   */
  public static JsonReadException wrongType(
      String path, ProtoField field, String expected, JsonNode actual) {
    String where = path == null || path.isEmpty() ? field.jsonName() : path + "." + field.jsonName();
    return new JsonReadException(
        "field " + where + ": expected " + expected + ", got " + ProtoJson.render(actual));
  }
}
