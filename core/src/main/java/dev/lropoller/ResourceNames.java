package dev.lropoller;

/**
 * Checks resource names before any request is built from them, so that a name cannot change
 * the request's meaning once put in a URL.
 *
 * <p>The rule: a name is 1 to {@link #MAX_LENGTH} characters of segments joined by {@code /},
 * with no empty segment (so no leading, trailing or doubled {@code /}) and no segment made only
 * of dots ({@code .}, {@code ..}, {@code ...}). A segment uses only the resource-id alphabet
 * {@value #ALPHABET}. The one exception is the segment after a {@code projects} segment, which
 * may hold one inner {@code :} for a domain-scoped project id such as
 * {@code google.com:my-project}. Everything else is refused: {@code ; @ ? # % \ + = ,},
 * whitespace, control characters, and any non-ASCII character, look-alikes of {@code . /} such
 * as full-width dots included. Messages quote the name, with every character outside printable
 * ASCII shown as {@code \}{@code uXXXX}.
 */
final class ResourceNames {
  /** The longest name accepted. */
  static final int MAX_LENGTH = 1024;

  /** The characters a segment may use, as stated in messages. */
  static final String ALPHABET = "A-Z a-z 0-9 - _ . ~";

  /** Quoted input is cut to this many characters. */
  private static final int QUOTE_LIMIT = 100;

  private ResourceNames() {}

  /**
   * Checks an operation name: the rules of {@link #checkPath} plus a last pair of segments
   * {@code operations/{id}}.
   */
  static String checkOperationName(String name) {
    checkPath("operation name", name);
    int slash = name.lastIndexOf('/');
    int previous = slash < 0 ? -1 : name.lastIndexOf('/', slash - 1);
    if (slash < 0 || !name.substring(previous + 1, slash).equals("operations")) {
      throw new IllegalArgumentException(
          "operation name must end in operations/{id}: " + quote(name));
    }
    return name;
  }

  /** Checks a path-like name (an operation name or a list parent) against the class rule. */
  static String checkPath(String what, String name) {
    if (name == null) {
      throw new NullPointerException(what + " must not be null");
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          what + " is " + name.length() + " characters, over the limit of " + MAX_LENGTH + ": "
              + quote(name));
    }
    int start = 0;
    boolean projectId = false;
    for (int i = 0; i <= name.length(); i++) {
      char c = i == name.length() ? '/' : name.charAt(i);
      if (c == '/') {
        checkSegment(what, name, start, i, projectId);
        projectId = name.startsWith("projects", start) && i - start == "projects".length();
        start = i + 1;
      } else if (!isIdChar(c) && !(c == ':' && projectId)) {
        throw new IllegalArgumentException(what + " has " + describe(c) + " at index " + i
            + "; segments may use only " + ALPHABET
            + " (and one ':' in a domain-scoped project id): " + quote(name));
      }
    }
    return name;
  }

  private static void checkSegment(
      String what, String name, int start, int end, boolean projectId) {
    if (start == end) {
      throw new IllegalArgumentException(what + " must not have an empty segment (a leading, "
          + "trailing or doubled '/'): " + quote(name));
    }
    boolean dotsOnly = true;
    for (int i = start; i < end && dotsOnly; i++) {
      dotsOnly = name.charAt(i) == '.';
    }
    if (dotsOnly) {
      throw new IllegalArgumentException(what + " must not have a '"
          + name.substring(start, end) + "' segment: " + quote(name));
    }
    if (projectId) {
      int colons = 0;
      for (int i = start; i < end; i++) {
        colons += name.charAt(i) == ':' ? 1 : 0;
      }
      if (colons > 1 || name.charAt(start) == ':' || name.charAt(end - 1) == ':') {
        throw new IllegalArgumentException(what + " has a project id with a misplaced ':' "
            + "(expected domain:project, such as google.com:my-project): " + quote(name));
      }
    }
  }

  private static boolean isIdChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_' || c == '.' || c == '~';
  }

  /** A character for a message: {@code ';'} when printable ASCII, else {@code U+FF0E}. */
  private static String describe(char c) {
    if (c > 0x20 && c < 0x7f) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c) + (c == ' ' ? " (space)" : "");
  }

  /**
   * Whether two names end in the same last segment (after the last {@code /}, or the whole name
   * without one); compared in place from the end, in one pass, with no substring per answer.
   */
  static boolean sameLastSegment(String a, String b) {
    for (int i = a.length() - 1, j = b.length() - 1; ; i--, j--) {
      boolean endA = i < 0 || a.charAt(i) == '/';
      boolean endB = j < 0 || b.charAt(j) == '/';
      if (endA || endB) {
        return endA && endB;
      }
      if (a.charAt(i) != b.charAt(j)) {
        return false;
      }
    }
  }

  /**
   * Quotes user input for an error message: in double quotes, {@code "} and {@code \} escaped,
   * every character outside printable ASCII (controls, CR/LF, NUL, non-ASCII) written as
   * {@code \}{@code uXXXX}, and long input cut to its first 100 characters with the full length.
   */
  static String quote(String s) {
    int limit = Math.min(s.length(), QUOTE_LIMIT);
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
