package dev.lropoller.micrometer;

import dev.lropoller.model.ResourceNames;

/** The {@code project} tag value of a resource name. */
final class ProjectTag {
  /** The value for names that do not start with {@code projects/{p}/}. */
  static final String UNKNOWN = "unknown";

  private ProjectTag() {}

  /**
   * {@link ResourceNames#project}, or {@link #UNKNOWN} for a name without a project.
   *
   * @param name an operation name or list parent, or {@code null}
   * @return the project segment, or {@link #UNKNOWN}
   */
  static String of(String name) {
    String project = ResourceNames.project(name);
    return project == null ? UNKNOWN : project;
  }
}
