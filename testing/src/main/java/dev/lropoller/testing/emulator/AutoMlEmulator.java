package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * An in-memory emulator of the Cloud AutoML v1 long-running operations REST API, served by
 * Reactor Netty on {@code 127.0.0.1}.
 *
 * <p>Routes (all under {@code /v1/}): the ten operation-starting RPCs of {@link AutoMlRpc};
 * {@code GET {name}}, {@code DELETE {name}}, {@code POST {name}:cancel}, {@code POST {name}:wait}
 * for any name ending in {@code operations/{id}}; {@code GET {parent}/operations} with
 * {@code filter=done=true|done=false}, {@code pageSize}, {@code pageToken}. Answers are ProtoJSON
 * (enums as numbers when the query holds {@code enum-encoding=int}, as Google's Java client asks);
 * errors are AIP-193 bodies. Operations started by RPCs follow the {@link Builder#defaultScript}.
 *
 * <p>The server runs on its own event loops (never the global {@code HttpResources}), so
 * {@link #close()} disturbs no client. Thread-safe; handlers never block.
 */
public final class AutoMlEmulator implements AutoCloseable {
  /** Concurrent streams per connection an h2 emulator allows unless told otherwise: 100. */
  public static final long DEFAULT_MAX_CONCURRENT_STREAMS = 100;
  /** Where {@link Builder#statsRoute(boolean)} serves the counters. */
  public static final String STATS_PATH = "/_emulator/stats";

  private final DisposableServer server;
  private final LoopResources loops;
  private final OperationStore store;
  private final OperationsApi api;
  private final TokenGate tokens;
  private final EmulatorFaults faults;
  private final RequestLog log;
  private final QuotaGate quotas;
  private final java.util.Map<String, DisposableServer> locationServers;
  private final VertexControl vertex;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final java.security.PrivateKey tlsKey;
  private final java.security.cert.X509Certificate[] tlsChain;
  private final LongAdder connections = new LongAdder();
  private final LongAdder handshakes = new LongAdder();
  private final LongAdder failedHandshakes = new LongAdder();
  private final LongAdder h2Requests = new LongAdder();
  private final java.util.concurrent.atomic.AtomicLong inFlight = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong maxInFlight = new java.util.concurrent.atomic.AtomicLong();

  private AutoMlEmulator(Builder b) {
    this.store = new OperationStore();
    this.tokens = new TokenGate(b.requireToken, b.acceptedTokens);
    this.faults = new EmulatorFaults();
    this.log = new RequestLog(b.logCapacity);
    OperationScript rest = b.defaultScript;
    this.api = new OperationsApi(store, b.clock, b.timer, b.waitCheckInterval, () -> rest, b.defaultJobScript);
    boolean anyQuota = b.quotaPerMinute > 0 || !b.projectQuotas.isEmpty() || !b.locationQuotas.isEmpty();
    this.quotas = !anyQuota ? null
        : b.quotaPerLocation || !b.locationQuotas.isEmpty()
            ? new LocationQuotas(b.quotaPerMinute, b.projectQuotas, b.locationQuotas, b.clock)
            : new ProjectQuotas(b.quotaPerMinute, b.projectQuotas, b.clock);
    EmulatorHandler handler = new EmulatorHandler(api, tokens, faults, log, b.timer, quotas);
    this.loops = LoopResources.create("automl-emulator", 1, b.workerThreads, true);
    this.tlsKey = b.tls ? b.tlsKey : null;
    this.tlsChain = b.tls ? b.tlsChain : null;
    java.util.Map<String, DisposableServer> bound = new java.util.LinkedHashMap<>();
    try {
      this.server = configure(b, b.port, null, handler).bindNow(Duration.ofSeconds(10));
      try {
        for (java.util.Map.Entry<String, Integer> l : b.locations.entrySet()) {
          bound.put(l.getKey(), configure(b, l.getValue(), l.getKey(), handler).bindNow(Duration.ofSeconds(10)));
        }
      } catch (RuntimeException e) {
        bound.values().forEach(DisposableServer::disposeNow);
        server.disposeNow();
        throw e;
      }
    } catch (RuntimeException e) {
      loops.disposeLater(Duration.ZERO, Duration.ofSeconds(1)).subscribe();
      throw e;
    }
    this.locationServers = java.util.Collections.unmodifiableMap(bound);
    this.vertex = new VertexControl(api.vertex(), api::now, this::locationUri, locationServers.keySet(),
        quotas instanceof LocationQuotas lq ? lq : null);
  }

  /** One listener: the main port ({@code location} null) or a location's own port. */
  private HttpServer configure(Builder b, int port, String location, EmulatorHandler handler) {
    HttpServer http = HttpServer.create()
        .host("127.0.0.1")
        .port(port)
        .runOn(loops)
        .doOnChannelInit((observer, channel, address) -> countConnection(channel))
        .handle((req, res) -> {
          if (b.statsRoute && req.uri().equals(STATS_PATH)) {
            return res.header("content-type", "application/json").sendString(
                reactor.core.publisher.Mono.fromSupplier(this::statsJson));
          }
          req.withConnection(c -> {
            if (c.channel() instanceof Http2StreamChannel) {
              h2Requests.increment();
            }
          });
          maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          return reactor.core.publisher.Flux.from(handler.apply(req, res, location))
              .doFinally(signal -> inFlight.decrementAndGet());
        });
    if (tlsChain != null) {
      http = b.http2
          ? http.protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
              .secure(spec -> spec.sslContext((reactor.netty.tcp.SslProvider.GenericSslContextSpec<?>) Http2SslContextSpec.forServer(
                  tlsKey, tlsChain)))
              .http2Settings(h2 -> h2.maxConcurrentStreams(b.maxConcurrentStreams))
          : http.secure(spec -> spec.sslContext((reactor.netty.tcp.SslProvider.GenericSslContextSpec<?>) Http11SslContextSpec.forServer(
              tlsKey, tlsChain)));
    }
    return http;
  }

  private URI locationUri(String location) {
    DisposableServer s = locationServers.get(location);
    if (s == null) {
      throw new IllegalArgumentException("no listener for location \"" + location + "\"; this emulator has "
          + locationServers.keySet() + " (see Builder.location)");
    }
    return URI.create((tlsChain != null ? "https" : "http") + "://127.0.0.1:" + s.port());
  }

  /**
   * The Vertex AI side of this emulator: jobs, Vertex operations, per-location endpoints and
   * traffic. The routes are served on every port; see {@link VertexControl}.
   *
   * @return the live control, never null
   */
  public VertexControl vertex() {
    return vertex;
  }

  /**
   * Starts an emulator with every default: an ephemeral port, the system UTC clock, any token
   * (or none) accepted, RPC-started operations done after 3 polls with success.
   *
   * @return the running emulator; close it when done
   * @throws RuntimeException if the server cannot bind
   */
  public static AutoMlEmulator start() {
    return builder().start();
  }

  /**
   * A builder with the defaults described on {@link #start()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The base URI clients should call, e.g. {@code http://127.0.0.1:54321}, or
   * {@code https://127.0.0.1:54321} with {@link Builder#tls(boolean)} (no trailing slash).
   *
   * @return the URI
   */
  public URI baseUri() {
    return URI.create((tlsChain != null ? "https" : "http") + "://127.0.0.1:" + port());
  }

  /**
   * The certificate the server presents, the first of its chain: with {@link Builder#tls(boolean)}
   * the self-signed one, for clients to trust (for lro-poller:
   * {@code GoogleOperationPoller.builder().trustManager(...)}).
   *
   * @return the certificate
   * @throws IllegalStateException if this emulator serves plain HTTP
   */
  public java.security.cert.X509Certificate certificate() {
    if (tlsChain == null) {
      throw new IllegalStateException("this emulator serves plain http: " + baseUri());
    }
    return tlsChain[0];
  }

  /**
   * The certificate in PEM, for clients in other processes.
   *
   * @return the PEM text
   * @throws IllegalStateException if this emulator serves plain HTTP
   */
  public String certificatePem() {
    return CertificateDer.pem(certificate());
  }

  /**
   * TCP connections accepted since start.
   *
   * @return the count
   */
  public long connectionsAccepted() {
    return connections.sum();
  }

  /**
   * TLS handshakes completed since start (0 without TLS).
   *
   * @return the count
   */
  public long handshakesCompleted() {
    return handshakes.sum();
  }

  /**
   * TLS handshakes that failed since start, such as a client that does not trust the certificate.
   *
   * @return the count
   */
  public long handshakesFailed() {
    return failedHandshakes.sum();
  }

  /**
   * The most requests the server was handling at the same moment since start: with h2, bounded
   * by the streams it allows per connection times the connections.
   *
   * @return the high-water mark
   */
  public long maxConcurrentRequests() {
    return maxInFlight.get();
  }

  /**
   * Requests that arrived as HTTP/2 streams since start; the others came over HTTP/1.1.
   *
   * @return the count
   */
  public long http2Requests() {
    return h2Requests.sum();
  }

  /**
   * Requests answered 429 RESOURCE_EXHAUSTED because their project was over its
   * {@link Builder#quotaPerMinute(int) quota}, since start ({@link #resetLog()} keeps them); 0
   * without a quota. Injected 429 faults are not counted here but in {@link #faultsInjected()}.
   *
   * @return the count over every project
   */
  public long quotaRejections() {
    return quotas == null ? 0 : quotas.rejections();
  }

  /**
   * Per project, the requests, quota rejections and the busiest 60-second window of arrivals
   * since start ({@link #resetLog()} keeps them). Projects are counted only when the emulator has
   * a {@link Builder#quotaPerMinute(int) quota}: without one the map is empty.
   *
   * @return an immutable snapshot, sorted by project
   */
  public java.util.SortedMap<String, ProjectTraffic> projectTraffic() {
    return !(quotas instanceof ProjectQuotas pq) ? java.util.Collections.emptySortedMap()
        : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(pq.traffic()));
  }

  private String statsJson() {
    com.fasterxml.jackson.databind.node.ObjectNode root = EmulatorJson.object();
    root.put("connections", connectionsAccepted());
    root.put("handshakes", handshakesCompleted());
    root.put("failedHandshakes", handshakesFailed());
    root.put("http2Requests", http2Requests());
    root.put("requests", requestCount());
    root.put("quotaRejections", quotaRejections());
    com.fasterxml.jackson.databind.node.ObjectNode projects = root.putObject("projects");
    projectTraffic().forEach((p, t) -> projects.putObject(p)
        .put("quotaPerMinute", t.quotaPerMinute())
        .put("requests", t.requests())
        .put("quotaRejections", t.quotaRejections())
        .put("peakArrivalsPerMinute", t.peakArrivalsPerMinute()));
    if (quotas instanceof LocationQuotas lq) {
      com.fasterxml.jackson.databind.node.ArrayNode locations = root.putArray("locations");
      lq.traffic().forEach(t -> locations.addObject()
          .put("project", t.project()).put("location", t.location())
          .put("quotaPerMinute", t.quotaPerMinute()).put("requests", t.requests())
          .put("quotaRejections", t.quotaRejections()).put("peakArrivalsPerMinute", t.peakArrivalsPerMinute()));
    }
    return root.toString();
  }

  private void countConnection(io.netty.channel.Channel channel) {
    if (channel instanceof Http2StreamChannel) {
      return;
    }
    connections.increment();
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl != null) {
      ssl.handshakeFuture().addListener(f -> (f.isSuccess() ? handshakes : failedHandshakes).increment());
    }
  }

  /**
   * The port the server is bound to.
   *
   * @return the port
   */
  public int port() {
    return server.port();
  }

  /**
   * Starts an operation programmatically, exactly as the matching RPC would, but following
   * {@code script}.
   *
   * @param script what the operation is and how it ends; not null
   * @return the operation's full name, {@code {parent}/operations/ICN...}
   */
  public String startOperation(OperationScript script) {
    return store.create(Objects.requireNonNull(script, "script"), api.now(), null).name;
  }

  /**
   * Starts an operation of this kind with {@link OperationScript#of(AutoMlRpc)}.
   *
   * @param kind not null
   * @return the operation's full name
   */
  public String startOperation(AutoMlRpc kind) {
    return startOperation(OperationScript.of(kind));
  }

  /**
   * When the emulator first considered the operation done, on its clock: for a time-based
   * script its start plus the duration (known in advance), for a poll-count script the time of
   * the poll that first showed it done, otherwise the time of {@link #markDone}, {@link #fail}
   * or the cancel.
   *
   * @param name the operation name; not null
   * @return the instant, or null while a non time-based operation is still running
   * @throws IllegalArgumentException if no such operation exists (or it was deleted)
   */
  public Instant doneAt(String name) {
    return state(name).doneAt();
  }

  /**
   * Ends a running operation now with its script's outcome; no effect if it is already done.
   *
   * @param name the operation name; not null
   * @return true if this call ended it
   * @throws IllegalArgumentException if no such operation exists
   */
  public boolean markDone(String name) {
    return state(name).finish(api.now(), null);
  }

  /**
   * Ends a running operation now with this {@code google.rpc.Status}; no effect if it is done.
   *
   * @param name the operation name; not null
   * @param code the rpc code, 1..16
   * @param message the status message; not null
   * @param details Any JSON objects with {@code @type} (see {@link StatusDetails})
   * @return true if this call ended it
   * @throws IllegalArgumentException if no such operation exists, or the code or a detail is invalid
   */
  public boolean fail(String name, int code, String message, JsonNode... details) {
    return state(name).finish(api.now(), OperationScript.statusJson(code, message, details));
  }

  /**
   * How many polls ({@code GET} or {@code :wait} answers) the operation has received. Polls
   * replaced by a status, HTML or reset fault never reach it and are not counted.
   *
   * @param name the operation name; not null
   * @return the count
   * @throws IllegalArgumentException if no such operation exists
   */
  public int pollCount(String name) {
    return state(name).polls();
  }

  /**
   * The operations currently held (deleted ones excluded).
   *
   * @return the count
   */
  public int operationCount() {
    return store.size();
  }

  /**
   * Makes later requests bearing this token answer 401 UNAUTHENTICATED (reason
   * {@code ACCESS_TOKEN_REVOKED}), whether or not tokens are required.
   *
   * @param token the bearer token; not null
   */
  public void revokeToken(String token) {
    tokens.reject(Objects.requireNonNull(token, "token"), "ACCESS_TOKEN_REVOKED");
  }

  /**
   * Makes later requests bearing this token answer 401 UNAUTHENTICATED (reason
   * {@code ACCESS_TOKEN_EXPIRED}), whether or not tokens are required.
   *
   * @param token the bearer token; not null
   */
  public void expireToken(String token) {
    tokens.reject(Objects.requireNonNull(token, "token"), "ACCESS_TOKEN_EXPIRED");
  }

  /**
   * The fault plan; changes apply to requests that arrive afterwards.
   *
   * @return the live plan
   */
  public EmulatorFaults faults() {
    return faults;
  }

  /**
   * The recorded requests, oldest first (at most the builder's log capacity).
   *
   * @return an immutable snapshot
   */
  public List<RecordedRequest> requests() {
    return log.snapshot();
  }

  /**
   * Requests answered (or reset) since start or {@link #resetLog()}.
   *
   * @return the count
   */
  public long requestCount() {
    return log.requestCount();
  }

  /**
   * Faults injected since start or {@link #resetLog()}.
   *
   * @return the count
   */
  public long faultsInjected() {
    return log.faultCount();
  }

  /**
   * {@code :wait} calls currently parked until their operation ends or their timeout passes.
   *
   * @return the count
   */
  public int pendingWaits() {
    return api.pendingWaits();
  }

  /** Clears the request log and the request and fault counters (not operations or poll counts). */
  public void resetLog() {
    log.reset();
  }

  /**
   * Stops the server and its event loops. Idempotent. Blocks the caller up to a few seconds, so
   * call it from a test or main thread, never from an event loop.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      locationServers.values().forEach(l -> l.disposeNow(Duration.ofSeconds(5)));
      server.disposeNow(Duration.ofSeconds(5));
      loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    }
  }

  /**
   * Describes the emulator without secrets.
   *
   * @return e.g. {@code AutoMlEmulator[http://127.0.0.1:54321, 3 operations]}
   */
  @Override
  public String toString() {
    return "AutoMlEmulator[" + (closed.get() ? "closed" : baseUri().toString()) + ", " + store.size() + " operations]";
  }

  private OperationState state(String name) {
    OperationState s = store.get(Objects.requireNonNull(name, "name"));
    if (s == null) {
      throw new IllegalArgumentException("no such operation: \"" + name + "\"");
    }
    return s;
  }

  /** Configures and starts an {@link AutoMlEmulator}. Not thread-safe. */
  public static final class Builder {
    private int port;
    private Clock clock = Clock.systemUTC();
    private boolean requireToken;
    private Set<String> acceptedTokens = Set.of();
    private OperationScript defaultScript = OperationScript.of(AutoMlRpc.CREATE_MODEL);
    private Scheduler timer = Schedulers.parallel();
    private Duration waitCheckInterval = Duration.ofMillis(20);
    private int workerThreads = 2;
    private int logCapacity = 100_000;
    private boolean tls;
    private boolean http2 = true;
    private java.security.PrivateKey tlsKey;
    private java.security.cert.X509Certificate[] tlsChain;
    private long maxConcurrentStreams = DEFAULT_MAX_CONCURRENT_STREAMS;
    private boolean statsRoute;
    private int quotaPerMinute;
    private final java.util.Map<String, Integer> projectQuotas = new java.util.HashMap<>();
    private final java.util.Map<String, Integer> locationQuotas = new java.util.HashMap<>();
    private boolean quotaPerLocation;
    private final java.util.Map<String, Integer> locations = new java.util.LinkedHashMap<>();
    private JobScript defaultJobScript = JobScript.of(VertexJobKind.CUSTOM_JOB);

    /**
     * Serves {@code location} on a port of its own besides the main port, as Vertex AI serves
     * each region from {@code {l}-aiplatform.googleapis.com}: a client's per-location endpoint
     * override points at {@link VertexControl#locationUri(String)}. Every port serves every route,
     * but a request on a location's port whose path names another {@code locations/{x}} is
     * answered 400 INVALID_ARGUMENT naming both, so a misrouted request fails as it would at
     * Google; the main port serves all locations (unless its {@code Host} is a Vertex host name,
     * see {@link RecordedRequest#authority()}). Same TLS, h2 and counters as the main port.
     *
     * @param location a location id such as {@code "us-central1"}, {@code "europe-west4"} or
     *     {@code "global"}; not null, one segment
     * @return this builder
     * @throws IllegalArgumentException if empty or not one {@code [a-z0-9-]} segment
     */
    public Builder location(String location) {
      return location(location, 0);
    }

    /**
     * As {@link #location(String)}, on a given port (0 for an ephemeral one).
     *
     * @param location not null, one {@code [a-z0-9-]} segment
     * @param port 0..65535
     * @return this builder
     * @throws IllegalArgumentException if the location is not one segment or the port is out of range
     */
    public Builder location(String location, int port) {
      if (Objects.requireNonNull(location, "location").isEmpty() || !location.matches("[a-z0-9-]+")) {
        throw new IllegalArgumentException("location must be one segment such as \"us-central1\", got \"" + location + "\"");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port + " for location " + location);
      }
      locations.put(location, port);
      return this;
    }

    /**
     * Counts the quota per project and location, as Vertex AI does ("per minute per project per
     * region"), instead of per project as AutoML does: a request under
     * {@code /v1/projects/{p}/locations/{l}/} is charged to {@code (p, l)}, with the
     * {@link #quotaPerMinute(int) default} or {@link #quotaPerMinute(String, int) project} quota
     * for each location, and its 429 names the region (service {@code aiplatform.googleapis.com},
     * ErrorInfo {@code quota_location}). Counted in {@link VertexControl#locationTraffic()}, not
     * {@link AutoMlEmulator#projectTraffic()}. Default false.
     *
     * @param perLocation true to key by project and location
     * @return this builder
     */
    public Builder quotaPerLocation(boolean perLocation) {
      this.quotaPerLocation = perLocation;
      return this;
    }

    /**
     * A quota for one project in one location; implies {@link #quotaPerLocation(boolean) true}.
     *
     * @param project the project segment; not null or empty, no {@code /}
     * @param location the location segment; not null or empty, no {@code /}
     * @param perMinute at least 1
     * @return this builder
     * @throws IllegalArgumentException if a segment is empty or holds a slash, or {@code perMinute} is less than 1
     */
    public Builder quotaPerMinute(String project, String location, int perMinute) {
      for (String seg : new String[] {project, location}) {
        if (Objects.requireNonNull(seg, "project/location").isEmpty() || seg.contains("/")) {
          throw new IllegalArgumentException("project and location must be one name segment each, got \""
              + project + "\" and \"" + location + "\"");
        }
      }
      locationQuotas.put(project + "/" + location, checkQuota(perMinute));
      this.quotaPerLocation = true;
      return this;
    }

    /**
     * How Vertex jobs created through {@code POST /v1/{parent}/{collection}} move through their
     * states; the script's kind and parent are replaced by the request's, and a request's
     * {@code displayName} and {@code labels} are kept. Default {@link JobScript#of} (QUEUED,
     * PENDING, RUNNING one poll each, then SUCCEEDED). A script with a state the created kind
     * lacks (EXPIRED for a pipeline) makes the create answer 400.
     *
     * @param script not null
     * @return this builder
     */
    public Builder defaultJobScript(JobScript script) {
      this.defaultJobScript = Objects.requireNonNull(script, "script");
      return this;
    }

    /**
     * A per-project quota of requests per minute, as Google enforces for a project's API calls
     * (AutoML publishes 600 a minute for non-prediction requests). Every request under
     * {@code /v1/projects/{p}/} counts for {@code p}, in a sliding 60-second window on the
     * emulator's {@link #clock(Clock) clock}. A request that finds {@code perMinute} accepted
     * requests of its project in the last 60 seconds is answered 429 RESOURCE_EXHAUSTED ("Quota
     * exceeded for quota metric ..."), with an ErrorInfo (reason {@code RATE_LIMIT_EXCEEDED}), a
     * QuotaFailure, a RetryInfo with the exact delay and a {@code Retry-After} of the whole
     * seconds until the window has room (rounded up, at least 1). Rejected requests are not
     * counted in the window. Counted per project in {@link AutoMlEmulator#projectTraffic()}.
     * Checked after the token, before faults. Default: no quota.
     *
     * @param perMinute at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder quotaPerMinute(int perMinute) {
      this.quotaPerMinute = checkQuota(perMinute);
      return this;
    }

    /**
     * A quota for one project, overriding {@link #quotaPerMinute(int)} for it (the other
     * projects keep the default, or no quota if none is set).
     *
     * @param project the {@code projects/{p}} segment as request paths spell it, e.g.
     *     {@code "my-project"} or {@code "123456"}; not null or empty, no {@code /}
     * @param perMinute at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code project} is empty or holds a slash, or
     *     {@code perMinute} is less than 1
     */
    public Builder quotaPerMinute(String project, int perMinute) {
      if (Objects.requireNonNull(project, "project").isEmpty() || project.contains("/")) {
        throw new IllegalArgumentException(
            "project must be one name segment such as \"my-project\", got \"" + project + "\"");
      }
      projectQuotas.put(project, checkQuota(perMinute));
      return this;
    }

    private static int checkQuota(int perMinute) {
      if (perMinute < 1) {
        throw new IllegalArgumentException("quotaPerMinute must be >= 1, got " + perMinute);
      }
      return perMinute;
    }

    /**
     * Whether {@code GET} {@link AutoMlEmulator#STATS_PATH} answers the counters as JSON
     * ({@code connections}, {@code handshakes}, {@code failedHandshakes}, {@code http2Requests},
     * {@code requests}, {@code quotaRejections} and {@code projects}: per project
     * {@code quotaPerMinute}, {@code requests}, {@code quotaRejections} and
     * {@code peakArrivalsPerMinute}, as in {@link AutoMlEmulator#projectTraffic()}), for load runs that hold the emulator in another process. Default false
     * (the path is not found, like any other outside {@code /v1/}).
     *
     * @param enabled true to serve the route
     * @return this builder
     */
    public Builder statsRoute(boolean enabled) {
      this.statsRoute = enabled;
      return this;
    }

    private Builder() {}

    /**
     * Serve HTTPS with a self-signed certificate for {@code localhost} and {@code 127.0.0.1}
     * made at start (see {@link SelfSignedCertificate}), offering h2 and HTTP/1.1 over ALPN unless
     * {@link #http2(boolean)} turns h2 off. Default false (plain HTTP/1.1). Clients trust it
     * through {@link AutoMlEmulator#certificate()}.
     *
     * @param tls true for HTTPS
     * @return this builder
     */
    public Builder tls(boolean tls) {
      this.tls = tls;
      if (tls && tlsChain == null) {
        tls(SelfSignedCertificate.forLoopback());
      }
      return this;
    }

    /**
     * Serve HTTPS with this certificate, such as one for another host name, to test how clients
     * fail (for an expired one, see {@link #tls(java.security.PrivateKey,
     * java.security.cert.X509Certificate...)}). Implies {@link #tls(boolean) tls(true)}.
     *
     * @param certificate not null
     * @return this builder
     */
    public Builder tls(SelfSignedCertificate certificate) {
      Objects.requireNonNull(certificate, "certificate");
      return tls(certificate.privateKey(), certificate.certificate());
    }

    /**
     * Serve HTTPS with this key and certificate chain, such as an {@link IssuedCertificate} from a
     * {@link CertificateAuthority} ({@code tls(issued.privateKey(), issued.chain())}): a server
     * certificate under a private root, expired or not yet valid if a test needs it. Implies
     * {@link #tls(boolean) tls(true)}.
     *
     * @param key the private key of the first certificate, not null
     * @param chain the server's certificate first, then its issuers; at least one
     * @return this builder
     * @throws IllegalArgumentException if {@code chain} is empty
     */
    public Builder tls(java.security.PrivateKey key, java.security.cert.X509Certificate... chain) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(chain, "chain");
      if (chain.length == 0) {
        throw new IllegalArgumentException("tls needs at least one certificate in the chain, got 0");
      }
      for (int i = 0; i < chain.length; i++) {
        Objects.requireNonNull(chain[i], "chain[" + i + "]");
      }
      this.tlsKey = key;
      this.tlsChain = chain.clone();
      this.tls = true;
      return this;
    }

    /**
     * Whether a TLS server offers h2 over ALPN besides HTTP/1.1; default true. False serves
     * HTTP/1.1 only. No effect without {@link #tls(boolean)}: plain HTTP is always HTTP/1.1.
     *
     * @param http2 false for HTTP/1.1 only
     * @return this builder
     */
    public Builder http2(boolean http2) {
      this.http2 = http2;
      return this;
    }

    /**
     * The {@code SETTINGS_MAX_CONCURRENT_STREAMS} an h2 server announces; default
     * {@link #DEFAULT_MAX_CONCURRENT_STREAMS}, as Google's front ends do.
     *
     * @param streams at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxConcurrentStreams(long streams) {
      if (streams < 1) {
        throw new IllegalArgumentException("maxConcurrentStreams must be >= 1, got " + streams);
      }
      this.maxConcurrentStreams = streams;
      return this;
    }

    /**
     * The port to bind on 127.0.0.1; default 0 (an ephemeral port).
     *
     * @param port 0..65535
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The clock for createTime, updateTime, request times and time-based progress; default
     * {@link Clock#systemUTC()}. Times are kept to the microsecond.
     *
     * @param clock not null
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether every request must carry a bearer token; default false (any token, or none, is
     * accepted unless revoked or expired).
     *
     * @param require true to answer 401 to requests without a token
     * @return this builder
     */
    public Builder requireToken(boolean require) {
      this.requireToken = require;
      return this;
    }

    /**
     * The only tokens accepted; a non-empty set implies {@link #requireToken(boolean) true}.
     * Default empty (any token).
     *
     * @param tokens not null; copied
     * @return this builder
     */
    public Builder acceptedTokens(Set<String> tokens) {
      this.acceptedTokens = Set.copyOf(Objects.requireNonNull(tokens, "tokens"));
      return this;
    }

    /**
     * How operations started through the REST RPCs progress and end. The script's kind, parent,
     * display name and dataset id are replaced by the request's. Default: done after 3 polls,
     * success.
     *
     * @param script not null
     * @return this builder
     */
    public Builder defaultScript(OperationScript script) {
      this.defaultScript = Objects.requireNonNull(script, "script");
      return this;
    }

    /**
     * The scheduler for timers (latency faults, {@code :wait} timeouts and clock checks);
     * default {@link Schedulers#parallel()}. A {@code VirtualTimeScheduler} makes them testable
     * without waiting.
     *
     * @param timer not null
     * @return this builder
     */
    public Builder timer(Scheduler timer) {
      this.timer = Objects.requireNonNull(timer, "timer");
      return this;
    }

    /**
     * How often a parked {@code :wait} re-reads the clock for time-based operations; default
     * 20 ms (on the timer scheduler).
     *
     * @param interval positive; not null
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder waitCheckInterval(Duration interval) {
      if (Objects.requireNonNull(interval, "interval").isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("interval must be positive, got " + interval);
      }
      this.waitCheckInterval = interval;
      return this;
    }

    /**
     * Event-loop worker threads of the server; default 2.
     *
     * @param threads at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder workerThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      this.workerThreads = threads;
      return this;
    }

    /**
     * How many recent requests the log keeps (older ones are dropped; counters keep counting);
     * default 100,000. 0 keeps none.
     *
     * @param capacity at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder logCapacity(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
      }
      this.logCapacity = capacity;
      return this;
    }

    /**
     * Binds and starts the emulator (typically in a few tens of milliseconds).
     *
     * @return the running emulator
     * @throws RuntimeException if the server cannot bind
     */
    public AutoMlEmulator start() {
      return new AutoMlEmulator(this);
    }
  }
}
