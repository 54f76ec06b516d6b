package dev.lropoller.testing.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-project request quotas, as Google counts "requests per minute per project": each request
 * under {@code /v1/projects/{p}/} is counted for {@code p} in a sliding 60-second window on the
 * emulator's clock. A request that would make the accepted requests in the window exceed the
 * project's quota is rejected, and a rejected request is not counted in the window (so a client
 * that retries too early is not punished further). Requests outside {@code projects/} are not
 * counted. Thread-safe: one lock per project.
 */
final class ProjectQuotas implements QuotaGate {
  /** The quota window. */
  static final Duration WINDOW = Duration.ofMinutes(1);

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final int defaultQuota;
  private final Map<String, Integer> quotas;
  private final Clock clock;
  private final Map<String, QuotaLane> lanes = new ConcurrentHashMap<>();

  /**
   * @param defaultQuota requests per minute for every project not in {@code quotas}; 0 for none
   * @param quotas per-project quotas, overriding the default
   */
  ProjectQuotas(int defaultQuota, Map<String, Integer> quotas, Clock clock) {
    this.defaultQuota = defaultQuota;
    this.quotas = Map.copyOf(quotas);
    this.clock = clock;
  }

  /** The project a decoded request path is counted for, or null if it names none. */
  static String projectOf(String path) {
    String prefix = "/v1/projects/";
    if (!path.startsWith(prefix)) {
      return null;
    }
    int end = path.indexOf('/', prefix.length());
    String p = end < 0 ? path.substring(prefix.length()) : path.substring(prefix.length(), end);
    int colon = p.indexOf(':');
    p = colon < 0 ? p : p.substring(0, colon);
    return p.isEmpty() ? null : p;
  }

  /**
   * Counts one request arriving now for the project of {@code path}.
   *
   * @return null if it may proceed, or the rejection to answer
   */
  @Override
  public Rejection admit(String path) {
    String project = projectOf(path);
    if (project == null) {
      return null;
    }
    QuotaLane lane = lanes.computeIfAbsent(project, p -> new QuotaLane(quotas.getOrDefault(p, defaultQuota)));
    Duration delay = lane.admit(nanos(clock.instant()));
    return delay == null ? null : new Rejection(project, lane.quota(), delay);
  }

  /** Every project seen so far, by name. */
  Map<String, ProjectTraffic> traffic() {
    Map<String, ProjectTraffic> out = new TreeMap<>();
    lanes.forEach((p, lane) -> out.put(p, new ProjectTraffic(
        p, lane.quota(), lane.requests(), lane.rejectionCount(), lane.peak())));
    return out;
  }

  @Override
  public Collection<QuotaLane> lanes() {
    return lanes.values();
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * SECOND + t.getNano();
  }

  /**
   * A request over quota.
   *
   * @param project the project
   * @param location the location when the quota is per project and location, else null
   * @param quota its requests per minute
   * @param delay when the window has room again (exact)
   */
  record Rejection(String project, String location, int quota, Duration delay) {
    Rejection(String project, int quota, Duration delay) {
      this(project, null, quota, delay);
    }

    /** {@code Retry-After}: whole seconds until the window has room, rounded up, at least 1. */
    long retryAfterSeconds() {
      long s = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
      return Math.max(1, s);
    }
  }
}
