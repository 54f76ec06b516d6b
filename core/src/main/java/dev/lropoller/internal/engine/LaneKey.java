package dev.lropoller.internal.engine;

import dev.lropoller.model.ResourceNames;
import java.util.Map;

/**
 * The key of a request's budget lane and its per-minute limit: the project of its name, or the
 * project and location ({@code p/l}) when the poller counts budgets per location, as Vertex AI
 * counts its quota.
 */
final class LaneKey {
  private LaneKey() {}

  /**
   * The lane of a request about {@code name}: its project, {@code project/location} when
   * {@code byLocation} and the name has a location, or {@code ""} for a name without a project.
   */
  static String of(String name, boolean byLocation) {
    String project = ResourceNames.project(name);
    if (project == null) {
      return "";
    }
    String location = byLocation ? ResourceNames.location(name) : null;
    return location == null ? project : project + "/" + location;
  }

  /**
   * The per-minute limit of lane {@code key}: its own entry in {@code limits}, else (for a
   * {@code project/location} key) its project's, else {@code perMinute}.
   */
  static int limit(String key, Map<String, Integer> limits, int perMinute) {
    Integer own = limits.get(key);
    if (own != null) {
      return own;
    }
    int slash = key.indexOf('/');
    return slash < 0 ? perMinute : limits.getOrDefault(key.substring(0, slash), perMinute);
  }
}
