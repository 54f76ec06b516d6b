package dev.lropoller.reactor;

import com.google.auth.oauth2.GoogleCredentials;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.spi.AccessTokenSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Builds an {@link OperationPoller} that talks to Google's REST API over Reactor Netty with
 * Google Auth Library credentials.
 *
 * <pre>{@code
 * OperationPoller poller = GoogleOperationPoller.builder().build();   // ADC, automl.googleapis.com
 * poller.model("projects/p/locations/us-central1/operations/ICN123").subscribe(...);
 * }</pre>
 *
 * <p>Build one poller per application and share it: each poller built without
 * {@link Builder#httpClient(HttpClient)} owns a connection pool of up to
 * {@link #DEFAULT_MAX_CONNECTIONS} connections.
 */
public final class GoogleOperationPoller {
  /** The default endpoint: Cloud AutoML. For Vertex AI use {@code https://REGION-aiplatform.googleapis.com}. */
  public static final URI DEFAULT_ENDPOINT = URI.create("https://automl.googleapis.com");
  /** The default largest response body accepted: 4 MiB. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
  /** The default longest wait for a TCP (and TLS) connection: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Connections in the pool of a poller built without its own {@code HttpClient}: 500. */
  public static final int DEFAULT_MAX_CONNECTIONS = 500;
  /** Requests that may wait for a pooled connection before new ones fail at once: 10,000. */
  public static final int DEFAULT_MAX_PENDING_ACQUIRES = 10_000;
  /** Longest wait for a pooled connection: 45 s. */
  public static final Duration DEFAULT_PENDING_ACQUIRE_TIMEOUT = Duration.ofSeconds(45);
  /** Idle pooled connections are closed after this: 30 s (Google's front ends close at 60+). */
  public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofSeconds(30);
  /** Pooled connections are renewed after this, so DNS changes are seen: 10 min. */
  public static final Duration DEFAULT_MAX_LIFE_TIME = Duration.ofMinutes(10);

  private static final AtomicInteger POOL_IDS = new AtomicInteger();
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private GoogleOperationPoller() {}

  /**
   * A builder with every default: {@link #DEFAULT_ENDPOINT}, Application Default Credentials
   * (looked up lazily at the first request), {@code PollPolicy.defaults()}, the engine's default
   * scheduler, a pooled Reactor Netty client and {@link #DEFAULT_MAX_RESPONSE_BYTES}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the options of a poller; not thread-safe, use it from one thread. */
  public static final class Builder {
    private enum Auth {
      APPLICATION_DEFAULT,
      EXPLICIT,
      NONE
    }

    private URI endpoint = DEFAULT_ENDPOINT;
    private boolean allowInsecureEndpoint;
    private Auth auth = Auth.APPLICATION_DEFAULT;
    private GoogleCredentials credentials;
    private PollPolicy policy;
    private Scheduler scheduler;
    private HttpClient httpClient;
    private PollListener listener = PollListener.NONE;
    private final List<Consumer<OperationPoller.Builder>> limits = new ArrayList<>();
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private Supplier<ConnectionProvider> poolFactory = GoogleOperationPoller::newConnectionProvider;
    private LoopResources loopResources;

    private Builder() {}

    /**
     * Where to send requests: scheme, host and optional port; {@code /v1/{name}} is appended.
     * Default {@link #DEFAULT_ENDPOINT}. {@link #build()} refuses plain {@code http} unless the
     * host is loopback or {@link #allowInsecureEndpoint()} was called.
     *
     * @param endpoint such as {@code https://us-central1-aiplatform.googleapis.com} or
     *     {@code http://127.0.0.1:8080} for an emulator
     * @return this builder
     * @throws NullPointerException if {@code endpoint} is {@code null}
     * @throws IllegalArgumentException if it is not an absolute http(s) URI with a host, or has
     *     user info, a path other than {@code /}, a query or a fragment
     */
    public Builder endpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      String shown = display(endpoint);
      String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        throw new IllegalArgumentException(
            "endpoint must be an absolute https URI (http only for a local emulator): " + shown);
      }
      if (endpoint.getHost() == null || endpoint.getHost().isEmpty()) {
        throw new IllegalArgumentException("endpoint must name a host: " + shown);
      }
      if (endpoint.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "endpoint must not carry user info; credentials go through credentials(): " + shown);
      }
      String path = endpoint.getRawPath();
      if (path != null && !path.isEmpty() && !path.equals("/")) {
        throw new IllegalArgumentException(
            "endpoint must not have a path, since /v1/{name} is appended to it: " + shown);
      }
      if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "endpoint must not have a query or a fragment: " + shown);
      }
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Allows a plain {@code http} endpoint on a host that is not loopback, such as an emulator on
     * another machine of a private test network. The bearer token then travels in clear text;
     * combine with {@link #noCredentials()} unless the network is trusted.
     *
     * @return this builder
     */
    public Builder allowInsecureEndpoint() {
      this.allowInsecureEndpoint = true;
      return this;
    }

    /**
     * Use these credentials instead of Application Default Credentials. Credentials that need a
     * scope are scoped to {@link GoogleAccessTokens#CLOUD_PLATFORM_SCOPE}.
     *
     * @param credentials such as {@code ServiceAccountCredentials.fromStream(...)}
     * @return this builder
     * @throws NullPointerException if {@code credentials} is {@code null}
     */
    public Builder credentials(GoogleCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      this.auth = Auth.EXPLICIT;
      return this;
    }

    /**
     * Send no {@code Authorization} header: for an emulator or tests.
     *
     * @return this builder
     */
    public Builder noCredentials() {
      this.credentials = null;
      this.auth = Auth.NONE;
      return this;
    }

    /**
     * When and how often to poll; its {@code requestTimeout()} bounds each HTTP exchange, and the
     * engine cancels (and so closes) a connection whose answer is late. Default
     * {@code PollPolicy.defaults()}.
     *
     * @param policy the policy
     * @return this builder
     * @throws NullPointerException if {@code policy} is {@code null}
     */
    public Builder policy(PollPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The scheduler for poll delays and timeouts (a virtual-time scheduler in tests). Default:
     * the engine's, {@code Schedulers.parallel()}.
     *
     * @param scheduler the scheduler
     * @return this builder
     * @throws NullPointerException if {@code scheduler} is {@code null}
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * A base client to build on, for its connection pool, event loops, proxy, TLS or metrics
     * settings. The poller still sets the base URL, its headers, gzip, no redirect following and
     * its timeouts on top. Do not enable {@code wiretap} in production: it logs headers,
     * {@code Authorization} included. Default: a client with its own pool (see
     * {@link #DEFAULT_MAX_CONNECTIONS}).
     *
     * @param httpClient the base client
     * @return this builder
     * @throws NullPointerException if {@code httpClient} is {@code null}
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Event loops to run the poller's own connection pool on, such as a Spring application's
     * shared Reactor Netty resources, instead of Reactor Netty's global ones. The poller keeps its
     * own pool (see {@link #DEFAULT_MAX_CONNECTIONS}); the loops stay the caller's to dispose.
     * Ignored when {@link #httpClient(HttpClient)} is set, since that client brings its own.
     *
     * @param loopResources the event loops
     * @return this builder
     * @throws NullPointerException if {@code loopResources} is {@code null}
     */
    public Builder loopResources(LoopResources loopResources) {
      this.loopResources = Objects.requireNonNull(loopResources, "loopResources");
      return this;
    }

    /**
     * Hears every request, retry, token refresh and watch outcome, for metrics and logs.
     * Default {@link PollListener#NONE}.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    public Builder listener(PollListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The most requests in flight at once for the whole poller; see
     * {@link OperationPoller.Builder#maxInFlight(int)}. Default
     * {@link OperationPoller#DEFAULT_MAX_IN_FLIGHT} (256), below this builder's pool of
     * {@link #DEFAULT_MAX_CONNECTIONS} connections, so requests wait in the engine's fair queues
     * and never in the pool's pending-acquire queue.
     *
     * @param maxInFlight at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxInFlight} is below 1
     */
    public Builder maxInFlight(int maxInFlight) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
      }
      limits.add(b -> b.maxInFlight(maxInFlight));
      return this;
    }

    /**
     * The most requests per project in any 60-second window; see
     * {@link OperationPoller.Builder#maxRequestsPerMinute(int)}. Default unlimited; AutoML's
     * published default quota is {@value OperationPoller#AUTOML_REQUESTS_PER_MINUTE} per minute
     * per project.
     *
     * @param maxRequestsPerMinute at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRequestsPerMinute} is below 1
     */
    public Builder maxRequestsPerMinute(int maxRequestsPerMinute) {
      if (maxRequestsPerMinute < 1) {
        throw new IllegalArgumentException(
            "maxRequestsPerMinute must be at least 1: " + maxRequestsPerMinute);
      }
      limits.add(b -> b.maxRequestsPerMinute(maxRequestsPerMinute));
      return this;
    }

    /**
     * One project's own per-minute limit; see
     * {@link OperationPoller.Builder#maxRequestsPerMinute(String, int)}.
     *
     * @param project the {@code projects/{p}} segment, as the names spell it
     * @param maxRequestsPerMinute at least 1; {@link Integer#MAX_VALUE} for unlimited
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public Builder maxRequestsPerMinute(String project, int maxRequestsPerMinute) {
      Objects.requireNonNull(project, "project");
      if (project.isEmpty() || project.indexOf('/') >= 0 || maxRequestsPerMinute < 1) {
        throw new IllegalArgumentException("maxRequestsPerMinute needs one project segment and"
            + " a limit of at least 1: '" + project + "', " + maxRequestsPerMinute);
      }
      limits.add(b -> b.maxRequestsPerMinute(project, maxRequestsPerMinute));
      return this;
    }

    /**
     * The largest response body accepted; a larger one fails the call without being read to the
     * end. Default {@link #DEFAULT_MAX_RESPONSE_BYTES}.
     *
     * @param maxResponseBytes a positive byte count
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder maxResponseBytes(int maxResponseBytes) {
      if (maxResponseBytes <= 0) {
        throw new IllegalArgumentException(
            "maxResponseBytes must be positive: " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * Builds the poller. Does no I/O: Application Default Credentials are looked up at the first
     * request, and connections are opened on demand.
     *
     * @return the poller
     * @throws IllegalStateException if the endpoint is plain {@code http} on a host that is not
     *     loopback and {@link #allowInsecureEndpoint()} was not called
     */
    public OperationPoller build() {
      checkTransportSecurity();
      PollPolicy p = policy != null ? policy : PollPolicy.defaults();
      ConnectionProvider ownPool = httpClient == null ? poolFactory.get() : null;
      HttpClient base = ownPool != null ? HttpClient.create(ownPool) : httpClient;
      if (ownPool != null && loopResources != null) {
        base = base.runOn(loopResources);
      }
      ReactorNettyOperationsTransport transport =
          ReactorNettyOperationsTransport.create(
              base, endpoint, maxResponseBytes, DEFAULT_CONNECT_TIMEOUT, Clock.systemUTC());
      OperationPoller.Builder b =
          OperationPoller.builder(transport).tokenSource(tokenSource()).policy(p).listener(listener);
      if (scheduler != null) {
        b.scheduler(scheduler);
      }
      limits.forEach(limit -> limit.accept(b));
      if (ownPool != null) {
        // Only the pool built here: a user's HttpClient and its pool stay the user's to close.
        b.closeOnClose(new PoolCloser(ownPool));
      }
      return b.build();
    }

    /** Tests: where the pool of a poller without its own {@code HttpClient} comes from. */
    Builder poolFactory(Supplier<ConnectionProvider> poolFactory) {
      this.poolFactory = Objects.requireNonNull(poolFactory, "poolFactory");
      return this;
    }

    private AccessTokenSource tokenSource() {
      switch (auth) {
        case NONE:
          return AccessTokenSource.none();
        case EXPLICIT:
          return GoogleAccessTokens.fromCredentials(credentials);
        default:
          return GoogleAccessTokens.applicationDefault();
      }
    }

    private void checkTransportSecurity() {
      if (endpoint.getScheme().equalsIgnoreCase("http")
          && !allowInsecureEndpoint
          && !isLoopback(endpoint.getHost())) {
        throw new IllegalStateException(
            "endpoint must use https unless the host is loopback or allowInsecureEndpoint() is"
                + " set, because the bearer token would travel in clear text: "
                + display(endpoint));
      }
    }

    /** Shows the options; the credentials by kind only. */
    @Override
    public String toString() {
      String creds =
          switch (auth) {
            case NONE -> "none";
            case EXPLICIT -> credentials.getClass().getSimpleName();
            default -> "application default";
          };
      return "GoogleOperationPoller.Builder[endpoint=" + display(endpoint) + ", credentials="
          + creds + ", allowInsecureEndpoint=" + allowInsecureEndpoint + ", policy="
          + (policy == null ? "default" : policy) + ", scheduler="
          + (scheduler == null ? "default" : scheduler) + ", httpClient="
          + (httpClient == null ? "default" : "custom") + ", maxResponseBytes="
          + maxResponseBytes + "]";
    }
  }

  /** Disposes a pool the builder made, without blocking the thread that closes the poller. */
  private record PoolCloser(ConnectionProvider pool) implements AutoCloseable {
    @Override
    public void close() {
      pool.disposeLater().subscribe();
    }
  }

  /** A fresh pool for one poller. */
  static ConnectionProvider newConnectionProvider() {
    return poolSpec("lro-poller-" + POOL_IDS.incrementAndGet()).build();
  }

  /** The settings of a poller's own pool. */
  static ConnectionProvider.Builder poolSpec(String name) {
    return ConnectionProvider.builder(name)
        .maxConnections(DEFAULT_MAX_CONNECTIONS)
        .pendingAcquireMaxCount(DEFAULT_MAX_PENDING_ACQUIRES)
        .pendingAcquireTimeout(DEFAULT_PENDING_ACQUIRE_TIMEOUT)
        .maxIdleTime(DEFAULT_MAX_IDLE_TIME)
        .maxLifeTime(DEFAULT_MAX_LIFE_TIME)
        .evictInBackground(DEFAULT_MAX_IDLE_TIME);
  }

  /**
   * Whether {@code host} is a loopback name or literal: {@code localhost}, 127.0.0.0/8 or
   * {@code ::1}. Never resolves a name.
   */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.equals("localhost.")) {
      return true;
    }
    if (IPV4_LOOPBACK.matcher(h).matches()) {
      for (String part : h.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    return h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }

  /** The URI as given, without any user info. */
  private static String display(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", "<redacted>@");
  }
}
