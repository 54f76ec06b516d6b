package dev.lropoller.internal;

import java.nio.charset.StandardCharsets;

/**
 * Renders untrusted text (response bodies, field values) for exception messages: bounded length,
 * no control characters. Not API.
 */
public final class Texts {
  /** Longest excerpt of a body or value quoted in a message, in characters. */
  public static final int MAX_QUOTE = 200;

  private Texts() {}

  /**
   * Quotes {@code text} for a message: in double quotes, control characters replaced by
   * {@code ?}, cut to {@link #MAX_QUOTE} characters with a note of the full length.
   *
   * @param text any text; {@code null} gives {@code null} (unquoted)
   * @return the quoted excerpt
   */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    String quoted = '"' + excerpt(text, MAX_QUOTE, false) + '"';
    return text.length() > MAX_QUOTE ? quoted + " (" + text.length() + " chars)" : quoted;
  }

  /**
   * Quotes the start of a body decoded as UTF-8 (malformed bytes become U+FFFD).
   *
   * @param body the raw bytes; {@code null} gives {@code "null"}
   * @return the quoted excerpt
   */
  public static String quote(byte[] body) {
    if (body == null) {
      return "null";
    }
    String head = decodeHead(body, MAX_QUOTE * 4);
    String quoted = '"' + excerpt(head, MAX_QUOTE, false) + '"';
    boolean cut = head.length() > MAX_QUOTE || body.length > MAX_QUOTE * 4;
    return cut ? quoted + " (" + body.length + " bytes)" : quoted;
  }

  /**
   * The first {@code max} characters of {@code text}; control characters become {@code ?}, or,
   * when {@code collapseWhitespace}, runs of whitespace and control characters become one space
   * and leading/trailing whitespace is dropped. Longer text ends with {@code "…"}.
   *
   * @param text the text, not null
   * @param max the character budget, at least 1
   * @param collapseWhitespace whether to fold whitespace (for HTML pages)
   * @return the excerpt
   */
  public static String excerpt(String text, int max, boolean collapseWhitespace) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 1);
    boolean pendingSpace = false;
    int i = 0;
    for (; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      boolean blank = Character.isWhitespace(c) || Character.isISOControl(c);
      if (collapseWhitespace && blank) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (pendingSpace) {
        out.append(' ');
        pendingSpace = false;
        if (out.length() >= max) {
          break;
        }
      }
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (hasMore(text, i, collapseWhitespace)) {
      out.append('…');
    }
    return out.toString();
  }

  private static boolean hasMore(String text, int from, boolean collapseWhitespace) {
    if (!collapseWhitespace) {
      return from < text.length();
    }
    for (int j = from; j < text.length(); j++) {
      char c = text.charAt(j);
      if (!Character.isWhitespace(c) && !Character.isISOControl(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Decodes at most {@code maxBytes} leading bytes as UTF-8.
   *
   * @param body the bytes
   * @param maxBytes the byte budget
   * @return the decoded prefix
   */
  public static String decodeHead(byte[] body, int maxBytes) {
    return new String(body, 0, Math.min(body.length, maxBytes), StandardCharsets.UTF_8);
  }

  /** Quoted names are cut to this many characters. */
  private static final int NAME_QUOTE_LIMIT = 100;

  /**
   * Quotes user input for an error message: in double quotes, {@code "} and {@code \} escaped,
   * every character outside printable ASCII (controls, CR/LF, NUL, non-ASCII) written as
   * {@code \}{@code uXXXX}, and long input cut to its first 100 characters with the full length.
   */
  public static String quoteName(String s) {
    int limit = Math.min(s.length(), NAME_QUOTE_LIMIT);
    StringBuilder out = new StringBuilder(limit + 16).append('"');
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (s.length() > limit) {
      out.append("… (").append(s.length()).append(" chars)");
    }
    return out.toString();
  }
}
