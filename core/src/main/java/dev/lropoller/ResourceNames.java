package dev.lropoller;

/**
 * Checks resource names before any request is built from them. Names are opaque paths, but a
 * name that could change the request's meaning once put in a URL ({@code ..}, {@code ?},
 * {@code %2e}, CR/LF) is refused with a message that quotes it.
 */
final class ResourceNames {
  /** The longest name accepted. */
  static final int MAX_LENGTH = 1024;

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

  /**
   * Checks a path-like name: not empty, at most {@link #MAX_LENGTH} characters, no empty,
   * {@code .} or {@code ..} segments, and none of {@code ? # % \} whitespace or control
   * characters.
   */
  static String checkPath(String what, String name) {
    if (name == null) {
      throw new NullPointerException(what + " must not be null");
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          what + " is " + name.length() + " characters, over the limit of " + MAX_LENGTH + ": "
              + quote(name));
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw new IllegalArgumentException(
            what + " must not contain whitespace or control characters (index " + i + "): "
                + quote(name));
      }
      if (c == '?' || c == '#' || c == '%' || c == '\\') {
        throw new IllegalArgumentException(
            what + " must not contain '" + c + "' (index " + i + "): " + quote(name));
      }
    }
    int start = 0;
    while (true) {
      int end = name.indexOf('/', start);
      String segment = end < 0 ? name.substring(start) : name.substring(start, end);
      if (segment.isEmpty()) {
        throw new IllegalArgumentException(what + " must not have an empty segment: " + quote(name));
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            what + " must not have a '" + segment + "' segment: " + quote(name));
      }
      if (end < 0) {
        return name;
      }
      start = end + 1;
    }
  }

  /** The last segment of a checked name. */
  static String lastSegment(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /**
   * Quotes user input for an error message: control characters escaped, long input shortened
   * to its first 100 characters.
   */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), 110) + 2).append('"');
    int limit = Math.min(s.length(), 100);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f || Character.isSpaceChar(c) && c != ' ') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
    if (s.length() > limit) {
      out.append("… (").append(s.length()).append(" chars)");
    }
    return out.toString();
  }
}
