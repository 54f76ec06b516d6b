package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;
import dev.lropoller.internal.ProtoJson;
import dev.lropoller.internal.Texts;

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
 *
 * <p>It also reads the project and location of a name, the keys of per-project budgets and of
 * project tags on meters: {@link #project} and {@link #location}.
 */
public final class ResourceNames {
  /** The longest name accepted. */
  public static final int MAX_LENGTH = 1024;

  /** The characters a segment may use, as stated in messages. */
  public static final String ALPHABET = "A-Z a-z 0-9 - _ . ~";

  private static final ProtoField NAME = ProtoField.of("name");
  private static final String PROJECTS = "projects/";
  private static final String LOCATIONS = "locations/";

  private ResourceNames() {}

  /**
   * Checks an operation name: the rules of {@link #checkPath} plus a last pair of segments
   * {@code operations/{id}}.
   */
  public static String checkOperationName(String name) {
    checkPath("operation name", name);
    int slash = name.lastIndexOf('/');
    int previous = slash < 0 ? -1 : name.lastIndexOf('/', slash - 1);
    if (slash < 0 || !name.substring(previous + 1, slash).equals("operations")) {
      throw new IllegalArgumentException(
          "operation name must end in operations/{id}: " + Texts.quoteName(name));
    }
    return name;
  }

  /** Checks a path-like name (an operation name or a list parent) against the class rule. */
  public static String checkPath(String what, String name) {
    if (name == null) {
      throw new NullPointerException(what + " must not be null");
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          what + " is " + name.length() + " characters, over the limit of " + MAX_LENGTH + ": "
              + Texts.quoteName(name));
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
            + " (and one ':' in a domain-scoped project id): " + Texts.quoteName(name));
      }
    }
    return name;
  }

  private static void checkSegment(
      String what, String name, int start, int end, boolean projectId) {
    if (start == end) {
      throw new IllegalArgumentException(what + " must not have an empty segment (a leading, "
          + "trailing or doubled '/'): " + Texts.quoteName(name));
    }
    boolean dotsOnly = true;
    for (int i = start; i < end && dotsOnly; i++) {
      dotsOnly = name.charAt(i) == '.';
    }
    if (dotsOnly) {
      throw new IllegalArgumentException(what + " must not have a '"
          + name.substring(start, end) + "' segment: " + Texts.quoteName(name));
    }
    if (projectId) {
      int colons = 0;
      for (int i = start; i < end; i++) {
        colons += name.charAt(i) == ':' ? 1 : 0;
      }
      if (colons > 1 || name.charAt(start) == ':' || name.charAt(end - 1) == ':') {
        throw new IllegalArgumentException(what + " has a project id with a misplaced ':' "
            + "(expected domain:project, such as google.com:my-project): " + Texts.quoteName(name));
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
   * The project of a name: the segment after a leading {@code projects/}, such as {@code my-proj}
   * in {@code projects/my-proj/locations/us-central1/operations/1}. The name is not checked.
   *
   * @param name a resource name, possibly {@code null}
   * @return the project id or number, or {@code null} when the name does not start with a
   *     non-empty {@code projects/{p}} segment
   */
  public static String project(String name) {
    return segmentAfter(name, 0, PROJECTS);
  }

  /**
   * The location of a name: the segment after {@code projects/{p}/locations/}, such as
   * {@code us-central1} or {@code global}. The name is not checked.
   *
   * @param name a resource name, possibly {@code null}
   * @return the location, or {@code null} when the name has no {@code locations/{l}} segment
   *     right after its project
   */
  public static String location(String name) {
    String project = project(name);
    return project == null ? null : segmentAfter(name, PROJECTS.length() + project.length() + 1, LOCATIONS);
  }

  private static String segmentAfter(String name, int from, String prefix) {
    if (name == null || !name.startsWith(prefix, from)) {
      return null;
    }
    int start = from + prefix.length();
    int end = name.indexOf('/', start);
    String segment = end < 0 ? name.substring(start) : name.substring(start, end);
    return segment.isEmpty() ? null : segment;
  }

  /**
   * Reads the {@code name} of a resource object and checks it against
   * {@code projects/{p}/locations/{l}/{collection}/{id}}.
   *
   * @param resource the resource JSON
   * @param collection the collection segment, such as {@code "models"}
   * @param typeName the proto type for messages, such as {@code google.cloud.automl.v1.Model}
   * @return {@code [name, project, location, id]}
   * @throws JsonReadException if the node is not an object or the name does not match
   */
  static String[] parseResource(JsonNode resource, String collection, String typeName) {
    if (resource == null || !resource.isObject()) {
      throw new JsonReadException(
          "expected a " + typeName + " object, got " + ProtoJson.render(resource));
    }
    return parseName(ProtoFields.string(resource, NAME, ""), collection, typeName);
  }

  /**
   * Checks a resource name against {@code projects/{p}/locations/{l}/{collection}/{id}}.
   *
   * @param name the name as sent
   * @param collection the collection segment, such as {@code "models"}
   * @param typeName the proto type for messages
   * @return {@code [name, project, location, id]}
   * @throws JsonReadException if the name does not match, quoting it
   */
  static String[] parseName(String name, String collection, String typeName) {
    String[] s = name.split("/", 7); // at most 7 parts: a longer name fails the length check
    if (s.length != 6 || !"projects".equals(s[0]) || !"locations".equals(s[2])
        || !collection.equals(s[4]) || s[1].isEmpty() || s[3].isEmpty() || s[5].isEmpty()) {
      throw new JsonReadException("expected a " + typeName
          + " name like projects/*/locations/*/" + collection + "/*, got " + Texts.quote(name));
    }
    return new String[] {name, s[1], s[3], s[5]};
  }
}
