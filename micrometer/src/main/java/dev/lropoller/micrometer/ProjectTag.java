package dev.lropoller.micrometer;

/** The {@code project} tag value of a resource name. */
final class ProjectTag {
  /** The value for names that do not start with {@code projects/{p}/}. */
  static final String UNKNOWN = "unknown";

  private static final String PREFIX = "projects/";

  private ProjectTag() {}

  /**
   * The {@code {p}} of {@code projects/{p}/...}, as the name spells it (an id or a number).
   *
   * @param name an operation name or list parent, or {@code null}
   * @return the project segment, or {@link #UNKNOWN}
   */
  static String of(String name) {
    if (name == null || !name.startsWith(PREFIX)) {
      return UNKNOWN;
    }
    int end = name.indexOf('/', PREFIX.length());
    String project = end < 0 ? name.substring(PREFIX.length()) : name.substring(PREFIX.length(), end);
    return project.isEmpty() ? UNKNOWN : project;
  }
}
