package dev.lropoller.testing.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request quotas per project and location, as Vertex AI counts them ("per minute per project per
 * region"): a request under {@code /v1/projects/{p}/locations/{l}/} counts for {@code (p, l)}; one
 * under {@code /v1/projects/{p}/} without a location counts for {@code (p, "global")}. Same
 * sliding 60-second window and rejection rules as {@link ProjectQuotas}. The quota of a key is its
 * project-and-location override, else its project's override, else the default. Thread-safe.
 */
final class LocationQuotas implements QuotaGate {
  private final int defaultQuota;
  private final Map<String, Integer> projectQuotas;
  private final Map<String, Integer> locationQuotas;
  private final Clock clock;
  private final Map<String, QuotaLane> lanes = new ConcurrentHashMap<>();

  /**
   * @param locationQuotas overrides keyed {@code "{p}/{l}"}
   */
  LocationQuotas(int defaultQuota, Map<String, Integer> projectQuotas, Map<String, Integer> locationQuotas, Clock clock) {
    this.defaultQuota = defaultQuota;
    this.projectQuotas = Map.copyOf(projectQuotas);
    this.locationQuotas = Map.copyOf(locationQuotas);
    this.clock = clock;
  }

  /** The location a decoded request path names, {@code "global"} if it names a project but no location. */
  static String locationOf(String path) {
    String project = ProjectQuotas.projectOf(path);
    if (project == null) {
      return null;
    }
    String rest = path.substring(("/v1/projects/" + project).length());
    if (!rest.startsWith("/locations/")) {
      return "global";
    }
    rest = rest.substring("/locations/".length());
    int end = rest.indexOf('/');
    String l = end < 0 ? rest : rest.substring(0, end);
    int colon = l.indexOf(':');
    l = colon < 0 ? l : l.substring(0, colon);
    return l.isEmpty() ? "global" : l;
  }

  @Override
  public ProjectQuotas.Rejection admit(String path) {
    String project = ProjectQuotas.projectOf(path);
    if (project == null) {
      return null;
    }
    String location = locationOf(path);
    String key = project + "/" + location;
    QuotaLane lane = lanes.computeIfAbsent(key, k -> new QuotaLane(
        locationQuotas.getOrDefault(k, projectQuotas.getOrDefault(project, defaultQuota))));
    Duration delay = lane.admit(ProjectQuotas.nanos(clock.instant()));
    return delay == null ? null : new ProjectQuotas.Rejection(project, location, lane.quota(), delay);
  }

  @Override
  public Collection<QuotaLane> lanes() {
    return lanes.values();
  }

  /** Every project and location seen so far, sorted by project then location. */
  List<LocationTraffic> traffic() {
    List<LocationTraffic> out = new ArrayList<>();
    lanes.forEach((k, lane) -> {
      int slash = k.indexOf('/');
      out.add(new LocationTraffic(k.substring(0, slash), k.substring(slash + 1), lane.quota(),
          lane.requests(), lane.rejectionCount(), lane.peak()));
    });
    out.sort(Comparator.comparing(LocationTraffic::project).thenComparing(LocationTraffic::location));
    return List.copyOf(out);
  }
}
