package dev.lropoller.reactor;

import com.google.auth.oauth2.GoogleCredentials;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollerBuilder;
import dev.lropoller.model.Operation;
import dev.lropoller.spi.AccessTokenSource;
import java.net.URI;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManagerFactory;
import reactor.netty.http.client.Http2AllocationStrategy;
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
 * {@link Builder#httpClient(HttpClient)} or {@link Builder#connectionProvider(ConnectionProvider)}
 * owns its connection pool.
 *
 * <p><b>Which protocol you get.</b> For an {@code https} endpoint (Google's, by default) the
 * poller offers HTTP/2 and HTTP/1.1 over ALPN and Google's front ends choose HTTP/2: every poll is
 * a stream on one of at most {@link #DEFAULT_HTTP2_CONNECTIONS} connections, which costs less CPU
 * per poll than HTTP/1.1 over hundreds of connections and needs a few TLS handshakes instead of
 * hundreds. The pool never opens more streams on a connection than the server's
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS} allows. A server that only speaks HTTP/1.1 gets
 * HTTP/1.1. {@link Builder#http2(boolean) http2(false)} forces HTTP/1.1 over up to
 * {@link #DEFAULT_MAX_CONNECTIONS} connections. A plain {@code http} endpoint (a loopback
 * emulator) always gets HTTP/1.1.
 *
 * <p>A TLS handshake that fails (an untrusted or expired certificate, a host name mismatch) or an
 * HTTP/2 protocol error ends the watch at once with an
 * {@link dev.lropoller.error.EndpointConfigurationException}; a reset or refused connection is retried.
 *
 * <p><b>Every region in one poller.</b> {@link Builder#service(GoogleService)
 * service(GoogleService.VERTEX_AI)} sends each request to the endpoint of its name's
 * {@code locations/{l}} ({@code https://{l}-aiplatform.googleapis.com}, {@code global} at
 * {@code https://aiplatform.googleapis.com}), and counts budgets per project and location;
 * {@link Builder#locationEndpoint(String, URI)} overrides any location's endpoint. Each host gets
 * its own connections from the poller's pool, at most {@link #DEFAULT_HTTP2_CONNECTIONS} per host
 * over HTTP/2, and {@link OperationPoller#close()} closes them all. Without a service (the
 * default) every request goes to the one {@link Builder#endpoint(URI) endpoint}.
 */
public final class GoogleOperationPoller {
  /**
   * The default endpoint: Cloud AutoML. For Vertex AI, route by location with
   * {@link Builder#service(GoogleService) service(GoogleService.VERTEX_AI)}.
   */
  public static final URI DEFAULT_ENDPOINT = URI.create("https://automl.googleapis.com");
  /** The default largest response body accepted: 4 MiB. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
  /**
   * The highest {@code maxResponseBytes} accepted: 8 MiB, the largest body the engine's JSON
   * parser reads. A higher cap would only move the refusal of a large body from the transport,
   * which stops reading it, to the parser, after the whole body was buffered.
   */
  public static final int LARGEST_MAX_RESPONSE_BYTES = Operation.MAX_BODY_BYTES;
  /** The default longest wait for a TCP (and TLS) connection: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** HTTP/1.1 connections in the pool of a poller built without its own {@code HttpClient}: 500. */
  public static final int DEFAULT_MAX_CONNECTIONS = 500;
  /**
   * HTTP/2 connections in the pool of a poller built without its own {@code HttpClient}: 2. Each
   * carries up to the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS} polls at once (100 at
   * Google); a second connection keeps polls flowing while one is renewed.
   */
  public static final int DEFAULT_HTTP2_CONNECTIONS = 2;
  /** The most streams the pool opens on one HTTP/2 connection, whatever the server allows: 100. */
  public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = 100;
  /**
   * Requests in flight at once over HTTP/2 on the builder's own pool unless
   * {@link Builder#maxInFlight(int)} says otherwise: the streams of
   * {@link #DEFAULT_HTTP2_CONNECTIONS} connections, 200.
   */
  public static final int DEFAULT_HTTP2_MAX_IN_FLIGHT =
      DEFAULT_HTTP2_CONNECTIONS * DEFAULT_MAX_STREAMS_PER_CONNECTION;
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
   * (looked up lazily at the first request), a pooled Reactor Netty client,
   * {@link #DEFAULT_MAX_RESPONSE_BYTES}, and {@link PollerBuilder}'s defaults for the rest.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The options of Google's transport and credentials, on top of every poller's options
   * ({@link PollerBuilder}: token source, policy, scheduler, listener, {@code maxInFlight},
   * {@code maxRequestsPerMinute}, {@code closeOnClose}). Not thread-safe, use it from one thread;
   * {@link #build()} may be repeated, and each poller built without {@link #httpClient} or
   * {@link #connectionProvider} gets a pool of its own.
   */
  public static final class Builder extends PollerBuilder<Builder> {
    private URI endpoint = DEFAULT_ENDPOINT;
    private boolean endpointSet;
    private GoogleService service;
    private final Map<String, URI> locationEndpoints = new LinkedHashMap<>();
    private boolean allowInsecureEndpoint;
    private GoogleCredentials credentials;
    private HttpClient httpClient;
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private Supplier<ConnectionProvider> poolFactory = GoogleOperationPoller::newConnectionProvider;
    private Supplier<ConnectionProvider> http2PoolFactory =
        () -> newHttp2ConnectionProvider(DEFAULT_HTTP2_CONNECTIONS);
    private boolean http2 = true;
    private TrustManagerFactory trust;
    private String trustShown;
    private ConnectionProvider connectionProvider;
    private LoopResources loopResources;

    private Builder() {}

    /**
     * Where to send requests: scheme, host and optional port; {@code /v1/{name}} is appended.
     * Default {@link #DEFAULT_ENDPOINT}. {@link #build()} refuses plain {@code http} unless the
     * host is loopback or {@link #allowInsecureEndpoint()} was called, and refuses this option
     * together with {@link #service(GoogleService)}, which routes by location instead.
     *
     * @param endpoint such as {@code https://us-central1-aiplatform.googleapis.com} or
     *     {@code http://127.0.0.1:8080} for an emulator
     * @return this builder
     * @throws NullPointerException if {@code endpoint} is {@code null}
     * @throws IllegalArgumentException if it is not an absolute http(s) URI with a host, or has
     *     user info, a path other than {@code /}, a query or a fragment
     */
    public Builder endpoint(URI endpoint) {
      this.endpoint = checkEndpoint("endpoint", endpoint);
      this.endpointSet = true;
      return this;
    }

    /**
     * Routes each request by the location in its name, to the endpoints of {@code service}, and
     * counts budgets as that service counts its quota: {@code budgetKey(service.budgetKey())}
     * (a later {@link #budgetKey} call wins). For {@link GoogleService#VERTEX_AI}, a request about
     * {@code projects/p/locations/europe-west4/...} goes to
     * {@code https://europe-west4-aiplatform.googleapis.com}, and {@code global} to
     * {@code https://aiplatform.googleapis.com}; for {@link GoogleService#AUTOML},
     * {@code us-central1} to {@code https://automl.googleapis.com} and {@code eu} to
     * {@code https://eu-automl.googleapis.com}. {@link #locationEndpoint(String, URI)} overrides
     * one location, for Private Service Connect, a proxy or an emulator.
     *
     * <p>A name whose location the service does not serve and that has no override (or a name
     * without {@code locations/{l}}) is refused when the poller is called with it, with an
     * {@link IllegalArgumentException} naming the location, before any token or request.
     *
     * <p>On the builder's own pools each host has its own connections: over HTTP/2 at most
     * {@link #DEFAULT_HTTP2_CONNECTIONS} per host, over HTTP/1.1 at most
     * {@link #DEFAULT_MAX_CONNECTIONS} per host; the pools are closed with the poller. A client
     * or pool of your own ({@link #httpClient}, {@link #connectionProvider}) serves every host.
     * Cannot be combined with {@link #endpoint(URI)}. Default: none, every request goes to the
     * one endpoint.
     *
     * @param service the service whose endpoints serve each location
     * @return this builder
     * @throws NullPointerException if {@code service} is {@code null}
     */
    public Builder service(GoogleService service) {
      this.service = Objects.requireNonNull(service, "service");
      return budgetKey(service.budgetKey());
    }

    /**
     * The endpoint of one location, instead of the {@link #service(GoogleService) service's}: such
     * as a Private Service Connect address, a proxy or an emulator's port for that location.
     * Checked as {@link #endpoint(URI)} is; a later call for the same location wins. Needs
     * {@link #service(GoogleService)}.
     *
     * @param location a location segment, such as {@code us-central1}
     * @param endpoint scheme, host and optional port, such as {@code https://10.0.0.5}
     * @return this builder
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code location} is empty or holds a {@code /}, or the
     *     endpoint is refused as by {@link #endpoint(URI)}; the message quotes it
     */
    public Builder locationEndpoint(String location, URI endpoint) {
      Objects.requireNonNull(location, "location");
      if (location.isEmpty() || location.indexOf('/') >= 0) {
        throw new IllegalArgumentException(
            "location must be one name segment, such as us-central1: '" + location + "'");
      }
      locationEndpoints.put(location, checkEndpoint("endpoint of " + location, endpoint));
      return this;
    }

    private static URI checkEndpoint(String what, URI endpoint) {
      Objects.requireNonNull(endpoint, what);
      String shown = display(endpoint);
      String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        throw new IllegalArgumentException(
            what + " must be an absolute https URI (http only for a local emulator): " + shown);
      }
      if (endpoint.getHost() == null || endpoint.getHost().isEmpty()) {
        throw new IllegalArgumentException(what + " must name a host: " + shown);
      }
      if (endpoint.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            what + " must not carry user info; credentials go through credentials(): " + shown);
      }
      String path = endpoint.getRawPath();
      if (path != null && !path.isEmpty() && !path.equals("/")) {
        throw new IllegalArgumentException(
            what + " must not have a path, since /v1/{name} is appended to it: " + shown);
      }
      if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
        throw new IllegalArgumentException(
            what + " must not have a query or a fragment: " + shown);
      }
      return endpoint;
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
     * scope are scoped to {@link GoogleAccessTokens#CLOUD_PLATFORM_SCOPE}. Of this,
     * {@link #noCredentials()} and {@link #tokenSource tokenSource(...)}, the last one called
     * wins.
     *
     * @param credentials such as {@code ServiceAccountCredentials.fromStream(...)}
     * @return this builder
     * @throws NullPointerException if {@code credentials} is {@code null}
     */
    public Builder credentials(GoogleCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      resetTokenSource();
      return this;
    }

    /**
     * Send no {@code Authorization} header: for an emulator or tests. Same as
     * {@code tokenSource(AccessTokenSource.none())}.
     *
     * @return this builder
     */
    public Builder noCredentials() {
      this.credentials = null;
      return tokenSource(AccessTokenSource.none());
    }

    /**
     * A base client to build on, for its event loops, proxy, metrics, protocols or TLS settings.
     *
     * <p>What the poller adds on top: the base URL, its headers ({@code User-Agent},
     * {@code Accept}, {@code Authorization}), gzip, no redirect following, the connect timeout
     * ({@link #DEFAULT_CONNECT_TIMEOUT}) and a handler that keeps connection resets out of the
     * log as stack traces. What it leaves alone: the client's connection pool (it is not closed
     * with the poller), its HTTP protocols and its TLS settings. So a supplied client does not get
     * HTTP/2 unless it asks for it: {@code .protocol(HttpProtocol.H2, HttpProtocol.HTTP11)} with
     * either no {@code secure(...)} call (Reactor Netty's default TLS setup for an {@code https}
     * URL) or an {@code Http2SslContextSpec}; a context built with a plain
     * {@code SslContextBuilder} advertises no ALPN protocol and stays on HTTP/1.1.
     * {@link #http2(boolean)}, {@link #trustManager(X509Certificate...)} and
     * {@link #connectionProvider(ConnectionProvider)} configure the client the builder makes, and
     * cannot be combined with this option: to trust a private CA and keep the builder's pool and
     * HTTP/2, use {@link #trustManager(X509Certificate...)} instead.
     *
     * <p>Do not enable {@code wiretap} in production: it logs headers, {@code Authorization}
     * included. Default: a client with its own pool (see the class comment).
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
     * Whether to offer HTTP/2 on an {@code https} endpoint; default true. With true, h2 and
     * HTTP/1.1 are offered over ALPN and the pool holds up to {@link #DEFAULT_HTTP2_CONNECTIONS}
     * connections; with false, HTTP/1.1 only over up to {@link #DEFAULT_MAX_CONNECTIONS}. No
     * effect on a plain {@code http} endpoint, which is always HTTP/1.1. Turn it off for a proxy
     * or server that breaks HTTP/2.
     *
     * @param http2 false for HTTP/1.1 only
     * @return this builder
     */
    public Builder http2(boolean http2) {
      this.http2 = http2;
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
     * Trust these certificates (and only these) as roots for the endpoint's TLS certificate, such
     * as a private CA in front of a proxy or a test emulator's self-signed certificate. The
     * builder's pool, HTTP/2 and every other option are kept. Default: the JDK's trust store.
     *
     * @param roots one or more CA or self-signed certificates
     * @return this builder
     * @throws NullPointerException if {@code roots} or one of them is {@code null}
     * @throws IllegalArgumentException if {@code roots} is empty
     */
    public Builder trustManager(X509Certificate... roots) {
      Objects.requireNonNull(roots, "roots");
      if (roots.length == 0) {
        throw new IllegalArgumentException("trustManager needs at least one certificate, got 0");
      }
      try {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < roots.length; i++) {
          store.setCertificateEntry("root-" + i, Objects.requireNonNull(roots[i], "roots[" + i + "]"));
        }
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        this.trust = factory;
        this.trustShown = roots.length + " certificate(s)";
      } catch (KeyStoreException | NoSuchAlgorithmException | java.io.IOException
          | java.security.cert.CertificateException e) {
        throw new IllegalStateException("the JDK cannot hold the trusted certificates", e);
      }
      return this;
    }

    /**
     * Trust what this factory trusts for the endpoint's TLS certificate, keeping the builder's
     * pool, HTTP/2 and every other option. Default: the JDK's trust store.
     *
     * @param trustManagerFactory an initialised factory
     * @return this builder
     * @throws NullPointerException if it is {@code null}
     */
    public Builder trustManager(TrustManagerFactory trustManagerFactory) {
      this.trust = Objects.requireNonNull(trustManagerFactory, "trustManagerFactory");
      this.trustShown = trustManagerFactory.getAlgorithm();
      return this;
    }

    /**
     * Run on this connection pool instead of one the builder makes, keeping the builder's
     * protocol and TLS settings. The pool stays the caller's: closing the poller does not dispose
     * it. For HTTP/2 give it an {@code Http2AllocationStrategy} with a few connections (see
     * {@link #DEFAULT_HTTP2_CONNECTIONS}); a pool's {@code pendingAcquireMaxCount} must hold the
     * polls that may wait for a connection.
     *
     * @param connectionProvider the pool
     * @return this builder
     * @throws NullPointerException if it is {@code null}
     */
    public Builder connectionProvider(ConnectionProvider connectionProvider) {
      this.connectionProvider = Objects.requireNonNull(connectionProvider, "connectionProvider");
      return this;
    }

    /**
     * The largest response body accepted; a larger one fails the call without being read to the
     * end. Default {@link #DEFAULT_MAX_RESPONSE_BYTES}, at most
     * {@link #LARGEST_MAX_RESPONSE_BYTES} (8 MiB), the largest body the JSON parser reads.
     *
     * @param maxResponseBytes a byte count from 1 to {@link #LARGEST_MAX_RESPONSE_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if it is not positive or over
     *     {@link #LARGEST_MAX_RESPONSE_BYTES}
     */
    public Builder maxResponseBytes(int maxResponseBytes) {
      if (maxResponseBytes <= 0) {
        throw new IllegalArgumentException(
            "maxResponseBytes must be positive: " + maxResponseBytes);
      }
      if (maxResponseBytes > LARGEST_MAX_RESPONSE_BYTES) {
        throw new IllegalArgumentException("maxResponseBytes must be at most "
            + LARGEST_MAX_RESPONSE_BYTES + " (" + (LARGEST_MAX_RESPONSE_BYTES >> 20)
            + " MiB), the largest body lro-poller's JSON parser"
            + " reads: " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * Builds the poller. Does no I/O: Application Default Credentials are looked up at the first
     * request, and connections are opened on demand. Tokens come from the last of
     * {@link #tokenSource tokenSource(...)}, {@link #credentials(GoogleCredentials)} and
     * {@link #noCredentials()} called, else from Application Default Credentials; the poller's
     * listener hears the refreshes of Google credentials.
     *
     * @return the poller
     * @throws IllegalStateException if the endpoint is plain {@code http} on a host that is not
     *     loopback and {@link #allowInsecureEndpoint()} was not called
     */
    @Override
    public OperationPoller build() {
      if (httpClient != null && (trust != null || connectionProvider != null)) {
        throw new IllegalStateException(
            "httpClient(...) cannot be combined with "
                + (trust != null ? "trustManager(...)" : "connectionProvider(...)")
                + ": the supplied client keeps its own pool and TLS settings; configure them on"
                + " the client, or drop httpClient(...) to keep the builder's HTTP/2 and pool");
      }
      if (service != null) {
        return buildRouted();
      }
      if (!locationEndpoints.isEmpty()) {
        throw new IllegalStateException("locationEndpoint(...) was set for "
            + locationEndpoints.keySet() + " but no service(...) routes by location; call"
            + " service(GoogleService.VERTEX_AI) or service(GoogleService.AUTOML)");
      }
      checkTransportSecurity(endpoint);
      boolean h2 = ProtocolSetup.offersHttp2(endpoint, http2);
      ConnectionProvider ownPool = null;
      HttpClient base;
      if (httpClient != null) {
        base = httpClient;
      } else {
        ConnectionProvider pool = connectionProvider;
        if (pool == null) {
          ownPool = h2 ? http2PoolFactory.get() : poolFactory.get();
          pool = ownPool;
        }
        base = ProtocolSetup.client(pool, endpoint, http2, trust);
        if (loopResources != null) {
          base = base.runOn(loopResources);
        }
      }
      ReactorNettyOperationsTransport transport =
          ReactorNettyOperationsTransport.create(
              base, endpoint, maxResponseBytes, DEFAULT_CONNECT_TIMEOUT, Clock.systemUTC());
      // Over HTTP/2 on the pool built here, no more requests at once than its streams, so the
      // rest wait in the engine's queue rather than in the pool's.
      int defaultMaxInFlight = h2 && ownPool != null
          ? DEFAULT_HTTP2_MAX_IN_FLIGHT : OperationPoller.DEFAULT_MAX_IN_FLIGHT;
      GoogleCredentials explicit = credentials;
      // Only the pool built here is released with the poller: a user's client or pool stays theirs.
      List<AutoCloseable> owned = ownPool == null ? List.of() : List.of(new PoolCloser(ownPool));
      return newPoller(transport, listener -> explicit == null
              ? GoogleAccessTokens.applicationDefault(listener)
              : GoogleAccessTokens.fromCredentials(explicit, listener),
          defaultMaxInFlight, owned);
    }

    /** A poller that routes each name by its location (see {@link #service}). */
    private OperationPoller buildRouted() {
      if (endpointSet) {
        throw new IllegalStateException("endpoint(...) sends every request to one host, but"
            + " service(" + service + ") routes each by its location: override single locations"
            + " with locationEndpoint(location, uri), or drop service(...)");
      }
      locationEndpoints.values().forEach(this::checkTransportSecurity);
      ConnectionProvider h2Pool = null;
      ConnectionProvider h1Pool = null;
      if (httpClient == null && connectionProvider == null) {
        // The service's endpoints are all https; only an override may be plain http.
        h2Pool = http2 ? http2PoolFactory.get() : null;
        boolean anyHttp11 = !http2 || locationEndpoints.values().stream()
            .anyMatch(u -> !ProtocolSetup.isHttps(u));
        h1Pool = anyHttp11 ? poolFactory.get() : null;
      }
      LocationRoutes routes = new LocationRoutes(service, locationEndpoints, new RouteMaker(
          httpClient, connectionProvider, h2Pool, h1Pool, http2, trust, loopResources,
          DEFAULT_CONNECT_TIMEOUT));
      ReactorNettyOperationsTransport transport = ReactorNettyOperationsTransport.routed(
          routes, routes.toString(), maxResponseBytes, Clock.systemUTC());
      int defaultMaxInFlight = h2Pool != null && h1Pool == null
          ? DEFAULT_HTTP2_MAX_IN_FLIGHT : OperationPoller.DEFAULT_MAX_IN_FLIGHT;
      List<AutoCloseable> owned = new ArrayList<>();
      if (h2Pool != null) {
        owned.add(new PoolCloser(h2Pool));
      }
      if (h1Pool != null) {
        owned.add(new PoolCloser(h1Pool));
      }
      GoogleCredentials explicit = credentials;
      return newPoller(transport, listener -> explicit == null
              ? GoogleAccessTokens.applicationDefault(listener)
              : GoogleAccessTokens.fromCredentials(explicit, listener),
          defaultMaxInFlight, owned);
    }

    /** Tests: where the HTTP/2 pool of a poller without its own client or pool comes from. */
    Builder http2PoolFactory(Supplier<ConnectionProvider> factory) {
      this.http2PoolFactory = Objects.requireNonNull(factory, "http2PoolFactory");
      return this;
    }

    /** Tests: where the pool of a poller without its own {@code HttpClient} comes from. */
    Builder poolFactory(Supplier<ConnectionProvider> poolFactory) {
      this.poolFactory = Objects.requireNonNull(poolFactory, "poolFactory");
      return this;
    }

    private void checkTransportSecurity(URI endpoint) {
      if (endpoint.getScheme().equalsIgnoreCase("http")
          && !allowInsecureEndpoint
          && !isLoopback(endpoint.getHost())) {
        throw new IllegalStateException(
            "endpoint must use https unless the host is loopback or allowInsecureEndpoint() is"
                + " set, because the bearer token would travel in clear text: "
                + display(endpoint));
      }
    }

    /**
     * Shows the options; credentials and token source by kind only. A token source other than
     * {@code default} is used instead of the credentials shown.
     */
    @Override
    public String toString() {
      return "GoogleOperationPoller.Builder[" + (service == null ? "endpoint=" + display(endpoint)
              : "service=" + service + (locationEndpoints.isEmpty() ? ""
                  : ", locationEndpoints=" + locationEndpoints.entrySet().stream()
                      .map(e -> e.getKey() + "=" + display(e.getValue())).toList()))
          + ", credentials="
          + (credentials == null ? "application default" : credentials.getClass().getSimpleName())
          + ", allowInsecureEndpoint=" + allowInsecureEndpoint + ", httpClient="
          + (httpClient == null ? "default" : "custom") + ", http2=" + http2 + ", trust="
          + (trust == null ? "default" : trustShown) + ", connectionProvider="
          + (connectionProvider == null ? "default" : connectionProvider.name())
          + ", maxResponseBytes=" + maxResponseBytes + ", " + describeOptions() + "]";
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

  /**
   * A fresh HTTP/2 pool for one poller: up to {@code connections} connections, each used up to
   * the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS} (at most
   * {@link #DEFAULT_MAX_STREAMS_PER_CONNECTION}); one connection is kept open.
   */
  static ConnectionProvider newHttp2ConnectionProvider(int connections) {
    return poolSpec("lro-poller-h2-" + POOL_IDS.incrementAndGet())
        .allocationStrategy(Http2AllocationStrategy.builder()
            .maxConnections(connections)
            .minConnections(1)
            .maxConcurrentStreams(DEFAULT_MAX_STREAMS_PER_CONNECTION)
            .build())
        .build();
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
