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

  private final Poll poll = new Poll();

  private final Credentials credentials = new Credentials();

  private final ProblemDetails problemDetails = new ProblemDetails();

  private final Metrics metrics = new Metrics();

  private final Fleet fleet = new Fleet();

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
  public Poll getPoll() {
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
  public Fleet getFleet() {
    return fleet;
  }

  /** Every {@code PollPolicy} setting, under {@code lropoller.poll.*}. */
  public static class Poll {
    /** Delay before the second poll. */
    private Duration initialInterval = Duration.ofSeconds(5);

    /** Growth of the delay between polls: d(n+1) = min(d(n) * multiplier, max-interval). */
    private double multiplier = 1.5;

    /** Cap on every delay between polls. */
    private Duration maxInterval = Duration.ofSeconds(45);

    /** Each delay is spread uniformly over d * (1 +/- jitter); 0 to 1. */
    private double jitter = 0.1;

    /** Budget of one watch; then the watch fails with PollTimeoutException. */
    private Duration timeout = Duration.ofHours(24);

    /** Poll requests per watch, failed ones included. Unlimited when not set. */
    private Integer maxAttempts;

    /** Delay before the first poll. */
    private Duration firstPollDelay = Duration.ZERO;

    /** Transient failures in a row that end a watch with RetriesExhaustedException. */
    private int maxConsecutiveFailures = 8;

    /** Limit on one HTTP request; a request over it is a transient failure. */
    private Duration requestTimeout = Duration.ofSeconds(30);

    /**
     * The initial interval.
     *
     * @return the initial interval
     */
    public Duration getInitialInterval() {
      return initialInterval;
    }

    /**
     * Sets the initial interval.
     *
     * @param initialInterval the initial interval
     */
    public void setInitialInterval(Duration initialInterval) {
      this.initialInterval = initialInterval;
    }

    /**
     * The multiplier.
     *
     * @return the multiplier
     */
    public double getMultiplier() {
      return multiplier;
    }

    /**
     * Sets the multiplier.
     *
     * @param multiplier the multiplier
     */
    public void setMultiplier(double multiplier) {
      this.multiplier = multiplier;
    }

    /**
     * The max interval.
     *
     * @return the max interval
     */
    public Duration getMaxInterval() {
      return maxInterval;
    }

    /**
     * Sets the max interval.
     *
     * @param maxInterval the max interval
     */
    public void setMaxInterval(Duration maxInterval) {
      this.maxInterval = maxInterval;
    }

    /**
     * The jitter.
     *
     * @return the jitter
     */
    public double getJitter() {
      return jitter;
    }

    /**
     * Sets the jitter.
     *
     * @param jitter the jitter
     */
    public void setJitter(double jitter) {
      this.jitter = jitter;
    }

    /**
     * The watch timeout.
     *
     * @return the timeout
     */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the watch timeout.
     *
     * @param timeout the timeout
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /**
     * The attempts limit, or {@code null} for unlimited.
     *
     * @return the limit
     */
    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    /**
     * Sets the attempts limit; {@code null} for unlimited.
     *
     * @param maxAttempts the limit
     */
    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /**
     * The first poll delay.
     *
     * @return the delay
     */
    public Duration getFirstPollDelay() {
      return firstPollDelay;
    }

    /**
     * Sets the first poll delay.
     *
     * @param firstPollDelay the delay
     */
    public void setFirstPollDelay(Duration firstPollDelay) {
      this.firstPollDelay = firstPollDelay;
    }

    /**
     * The consecutive failures limit.
     *
     * @return the limit
     */
    public int getMaxConsecutiveFailures() {
      return maxConsecutiveFailures;
    }

    /**
     * Sets the consecutive failures limit.
     *
     * @param maxConsecutiveFailures the limit
     */
    public void setMaxConsecutiveFailures(int maxConsecutiveFailures) {
      this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    /**
     * The request timeout.
     *
     * @return the timeout
     */
    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    /**
     * Sets the request timeout.
     *
     * @param requestTimeout the timeout
     */
    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }
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

  /**
   * {@code lropoller.fleet.*}: one request budget for every replica, kept in Redis
   * ({@code lro-poller-redis}) on the application's Lettuce connection factory.
   */
  public static class Fleet {
    /**
     * Share max-requests-per-minute with every replica on the same Redis and key prefix, through
     * the application's LettuceConnectionFactory (Spring Data Redis) and lro-poller-redis.
     * Startup fails when either is missing.
     */
    private boolean enabled = false;

    /**
     * The prefix of the budget's Redis keys. Replicas with the same prefix on the same Redis share
     * each key's limit; give another prefix to a fleet that must not share it.
     */
    private String keyPrefix = "lropoller:budget:";

    /**
     * How many replicas share a key's limit while Redis cannot be reached: each replica then
     * counts locally with max-requests-per-minute divided by this (at least 1 a minute). Set it
     * to the fleet's usual size.
     */
    private int replicas = 3;

    /**
     * How long a key counts locally after Redis failed to answer before it asks Redis again;
     * the first answer returns it to the shared budget.
     */
    private Duration probeInterval = Duration.ofSeconds(5);

    /**
     * Whether the fleet budget is on.
     *
     * @return the flag
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the fleet budget is on.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The prefix of the budget's Redis keys.
     *
     * @return the prefix
     */
    public String getKeyPrefix() {
      return keyPrefix;
    }

    /**
     * Sets the prefix of the budget's Redis keys.
     *
     * @param keyPrefix the prefix, possibly empty
     */
    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /**
     * How many replicas share a key's limit while Redis cannot be reached.
     *
     * @return the count
     */
    public int getReplicas() {
      return replicas;
    }

    /**
     * Sets how many replicas share a key's limit while Redis cannot be reached.
     *
     * @param replicas at least 1
     */
    public void setReplicas(int replicas) {
      this.replicas = replicas;
    }

    /**
     * How long a degraded key counts locally before it asks Redis again.
     *
     * @return the interval
     */
    public Duration getProbeInterval() {
      return probeInterval;
    }

    /**
     * Sets how long a degraded key counts locally before it asks Redis again.
     *
     * @param probeInterval more than zero
     */
    public void setProbeInterval(Duration probeInterval) {
      this.probeInterval = probeInterval;
    }
  }
}
