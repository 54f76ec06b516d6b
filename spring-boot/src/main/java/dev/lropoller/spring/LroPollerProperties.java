package dev.lropoller.spring;

import dev.lropoller.BudgetKey;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * The {@code lropoller.*} properties of the auto-configured {@code OperationPoller}. Every default
 * is the library's own ({@code PollPolicy.defaults()}, {@code GoogleOperationPoller}'s endpoint and
 * response limit). Durations take Spring's syntax ({@code 500ms}, {@code 5s}, {@code 24h}), sizes
 * {@code 4MB}. Values the library refuses fail the startup with a message naming the property and
 * the value.
 */
@ConfigurationProperties(prefix = LroPollerProperties.PREFIX)
public class LroPollerProperties {
  /** The prefix of every property: {@value}. */
  public static final String PREFIX = "lropoller";

  /**
   * Where to send requests: scheme, host and optional port, such as
   * https://us-central1-aiplatform.googleapis.com, or http://127.0.0.1:PORT for an emulator.
   */
  private URI endpoint = URI.create("https://automl.googleapis.com");

  /**
   * Allow a plain http endpoint on a host that is not loopback. The bearer token then travels in
   * clear text.
   */
  private boolean allowInsecureEndpoint = false;

  /** The largest response body accepted; a larger one fails the call. */
  private DataSize maxResponseSize = DataSize.ofMegabytes(4);

  /**
   * At most this many requests in flight for the whole poller; more wait in the poller's fair
   * queue, never in the connection pool. Unset: the library's default (256 over HTTP/1.1, 200
   * over HTTP/2).
   */
  private Integer maxInFlight;

  /**
   * At most this many requests per budget key (lropoller.budget-key: the projects/{p} segment of
   * each name, and for Vertex AI its locations/{l} too) in any 60 s window. Unset: unlimited.
   * AutoML's published default quota is 600 requests per minute per project, Vertex AI's 600 per
   * project and region.
   */
  private Integer maxRequestsPerMinute;

  /**
   * What budgets and 429 cool-downs are counted per: project, or project-and-location. Unset:
   * the routing service's key (project-and-location for vertex-ai), else project.
   */
  private BudgetKey budgetKey;

  @NestedConfigurationProperty
  private final RoutingProperties routing = new RoutingProperties();

  @NestedConfigurationProperty
  private final PollProperties poll = new PollProperties();

  private final Credentials credentials = new Credentials();

  private final ProblemDetails problemDetails = new ProblemDetails();

  private final Metrics metrics = new Metrics();

  @NestedConfigurationProperty
  private final FleetProperties fleet = new FleetProperties();

  /**
   * The endpoint.
   *
   * @return the endpoint
   */
  public URI getEndpoint() {
    return endpoint;
  }

  /**
   * Sets the endpoint.
   *
   * @param endpoint the endpoint
   */
  public void setEndpoint(URI endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Whether plain http is allowed on a host that is not loopback.
   *
   * @return the flag
   */
  public boolean isAllowInsecureEndpoint() {
    return allowInsecureEndpoint;
  }

  /**
   * Sets whether plain http is allowed on a host that is not loopback.
   *
   * @param allowInsecureEndpoint the flag
   */
  public void setAllowInsecureEndpoint(boolean allowInsecureEndpoint) {
    this.allowInsecureEndpoint = allowInsecureEndpoint;
  }

  /**
   * The largest response body accepted.
   *
   * @return the size
   */
  public DataSize getMaxResponseSize() {
    return maxResponseSize;
  }

  /**
   * Sets the largest response body accepted.
   *
   * @param maxResponseSize the size
   */
  public void setMaxResponseSize(DataSize maxResponseSize) {
    this.maxResponseSize = maxResponseSize;
  }

  /**
   * The poller-wide limit on requests in flight.
   *
   * @return the limit, or {@code null} for the library's default
   */
  public Integer getMaxInFlight() {
    return maxInFlight;
  }

  /**
   * Sets the poller-wide limit on requests in flight.
   *
   * @param maxInFlight at least 1, or {@code null} for the library's default
   */
  public void setMaxInFlight(Integer maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  /**
   * The per-project limit on requests in any minute (each request counts until a minute after its answer).
   *
   * @return the limit, or {@code null} for unlimited
   */
  public Integer getMaxRequestsPerMinute() {
    return maxRequestsPerMinute;
  }

  /**
   * Sets the per-project limit on requests in any minute (each request counts until a minute after its answer).
   *
   * @param maxRequestsPerMinute at least 1, or {@code null} for unlimited
   */
  public void setMaxRequestsPerMinute(Integer maxRequestsPerMinute) {
    this.maxRequestsPerMinute = maxRequestsPerMinute;
  }

  /**
   * What budgets are counted per.
   *
   * @return the key, or {@code null} for the routing service's key (else per project)
   */
  public BudgetKey getBudgetKey() {
    return budgetKey;
  }

  /**
   * Sets what budgets are counted per.
   *
   * @param budgetKey the key, or {@code null} for the default
   */
  public void setBudgetKey(BudgetKey budgetKey) {
    this.budgetKey = budgetKey;
  }

  /**
   * The routing by location.
   *
   * @return the routing settings
   */
  public RoutingProperties getRouting() {
    return routing;
  }

  /**
   * The poll policy settings.
   *
   * @return the poll settings
   */
  public PollProperties getPoll() {
    return poll;
  }

  /**
   * The credentials settings.
   *
   * @return the credentials settings
   */
  public Credentials getCredentials() {
    return credentials;
  }

  /**
   * The error mapping settings.
   *
   * @return the error mapping settings
   */
  public ProblemDetails getProblemDetails() {
    return problemDetails;
  }

  /**
   * The meter settings.
   *
   * @return the meter settings
   */
  public Metrics getMetrics() {
    return metrics;
  }

  /**
   * The fleet settings: the request budget shared by every replica on one Redis.
   *
   * @return the fleet settings
   */
  public FleetProperties getFleet() {
    return fleet;
  }

  /** Where bearer tokens come from, under {@code lropoller.credentials.*}. */
  public static class Credentials {
    /**
     * Send credentials: a GoogleCredentials bean when there is one, else Application Default
     * Credentials. Set false for an emulator.
     */
    private boolean enabled = true;

    /**
     * Check at startup that the credentials resolve and give an access token, so a missing or
     * refused credential fails the startup instead of the first request.
     */
    private boolean failFast = false;

    /**
     * A service account or other credentials JSON file to use instead of Application Default
     * Credentials, such as file:/secrets/sa.json or classpath:sa.json. A GoogleCredentials bean
     * takes precedence.
     */
    private Resource location;

    /**
     * The credentials file, or {@code null} for Application Default Credentials.
     *
     * @return the location
     */
    public Resource getLocation() {
      return location;
    }

    /**
     * Sets the credentials file.
     *
     * @param location the location
     */
    public void setLocation(Resource location) {
      this.location = location;
    }

    /**
     * Whether credentials are sent.
     *
     * @return the flag
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether credentials are sent.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Whether credentials are checked at startup.
     *
     * @return the flag
     */
    public boolean isFailFast() {
      return failFast;
    }

    /**
     * Sets whether credentials are checked at startup.
     *
     * @param failFast the flag
     */
    public void setFailFast(boolean failFast) {
      this.failFast = failFast;
    }
  }

  /** The mapping of the poller's errors to RFC 9457 responses, under {@code lropoller.problem-details.*}. */
  public static class ProblemDetails {
    /**
     * Answer the poller's errors (LroException, malformed operation names) escaping a web handler
     * with an RFC 9457 problem detail and a fitting status, one WARN line per failure.
     */
    private boolean enabled = true;

    /**
     * Whether the mapping is on.
     *
     * @return the flag
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the mapping is on.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The Micrometer binding, under {@code lropoller.metrics.*}. */
  public static class Metrics {
    /** Record meters in the application's MeterRegistry when it has one. */
    private boolean enabled = true;

    /**
     * Tag meters with the operation's project. Off by default: one series per project can grow
     * without bound in a multi-tenant service.
     */
    private boolean projectTag = false;

    /**
     * Whether meters are recorded.
     *
     * @return the flag
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether meters are recorded.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Whether meters carry a project tag.
     *
     * @return the flag
     */
    public boolean isProjectTag() {
      return projectTag;
    }

    /**
     * Sets whether meters carry a project tag.
     *
     * @param projectTag the flag
     */
    public void setProjectTag(boolean projectTag) {
      this.projectTag = projectTag;
    }
  }
}
