package dev.lropoller.reactor;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.spi.RetryAfter;
import dev.lropoller.spi.TransportException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * {@link OperationsTransport} on Reactor Netty's {@link HttpClient}: turns each google.longrunning
 * REST call into one HTTP exchange and the answer into a body or a {@link TransportException}.
 *
 * <p>It never retries and never blocks; the engine owns retries, backoff, auth refresh and
 * timeouts. Bodies are read as they arrive and refused beyond {@code maxResponseBytes} without
 * buffering the rest. Redirects are not followed, so the bearer token only goes to the endpoint.
 *
 * <p>Requests go to one endpoint ({@link #create}), or each to the endpoint of its name's
 * location ({@link #routed}), with a client per endpoint on the builder's pools.
 */
final class ReactorNettyOperationsTransport implements OperationsTransport {
  /** Error bodies beyond this are cut (they only carry a status and a message): 64 KiB. */
  static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
  /** Longest {@code Location} quoted in a redirect error. */
  private static final int MAX_QUOTED_LOCATION = 256;
  private static final byte[] EMPTY_JSON_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);
  private static final String APPLICATION_JSON = "application/json";
  /** Pipeline name of {@link StacklessResets}. */
  static final String STACKLESS_RESETS = "lro-poller.stacklessResets";

  /**
   * Where the requests about one name go: a client configured for one endpoint, and the endpoint
   * as messages show it.
   */
  record Route(HttpClient client, String endpoint) {}

  /** The route of a name; throws {@link IllegalArgumentException} for a name it cannot route. */
  private final Function<String, Route> routes;
  private final String shown;
  private final int maxResponseBytes;
  private final Clock clock;

  private ReactorNettyOperationsTransport(
      Function<String, Route> routes, String shown, int maxResponseBytes, Clock clock) {
    this.routes = routes;
    this.shown = shown;
    this.maxResponseBytes = maxResponseBytes;
    this.clock = clock;
  }

  /**
   * A transport that sends to {@code endpoint} through {@code base}, on which it sets the base
   * URL, default headers, gzip, no redirects and the connect timeout. It sets no response
   * timeout: the engine bounds every request by the policy's request timeout and cancels it.
   *
   * @param base the client to configure (its connection provider and event loops are used)
   * @param endpoint scheme, host and optional port, such as {@code https://automl.googleapis.com}
   * @param maxResponseBytes the largest body accepted
   * @param connectTimeout longest wait for a TCP connection
   * @param clock wall clock, to read {@code Retry-After} HTTP dates
   * @return the transport
   */
  static ReactorNettyOperationsTransport create(
      HttpClient base, URI endpoint, int maxResponseBytes, Duration connectTimeout, Clock clock) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(endpoint, "endpoint");
    Route route = route(base, endpoint, connectTimeout);
    return new ReactorNettyOperationsTransport(
        name -> route, "endpoint=" + route.endpoint(), checkLimit(maxResponseBytes),
        Objects.requireNonNull(clock, "clock"));
  }

  /**
   * A transport that sends each request to the endpoint of its name's location, as
   * {@code routes} decides; a name it cannot route is refused by {@link #checkName} and never
   * sent.
   *
   * @param routes the route of each name (each a client made by {@link #route})
   * @param shown how {@link #toString()} shows the routing
   * @param maxResponseBytes the largest body accepted
   * @param clock wall clock, to read {@code Retry-After} HTTP dates
   * @return the transport
   */
  static ReactorNettyOperationsTransport routed(
      Function<String, Route> routes, String shown, int maxResponseBytes, Clock clock) {
    return new ReactorNettyOperationsTransport(Objects.requireNonNull(routes, "routes"),
        "routing=" + shown, checkLimit(maxResponseBytes), Objects.requireNonNull(clock, "clock"));
  }

  private static int checkLimit(int maxResponseBytes) {
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
    }
    return maxResponseBytes;
  }

  /**
   * {@code base} set up to send to {@code endpoint}: the base URL, default headers, gzip, no
   * redirects and the connect timeout. No response timeout: the engine bounds every request by
   * the policy's request timeout and cancels it.
   *
   * @param base the client to configure (its connection provider and event loops are used)
   * @param endpoint scheme, host and optional port
   * @param connectTimeout longest wait for a TCP connection
   * @return the route to {@code endpoint}
   */
  static Route route(HttpClient base, URI endpoint, Duration connectTimeout) {
    String baseUrl = stripTrailingSlash(endpoint.toString());
    String userAgent = UserAgent.value();
    HttpClient configured =
        base.baseUrl(baseUrl)
            .compress(true)
            .followRedirect(false)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
            .headers(
                h -> h.set(HttpHeaderNames.USER_AGENT, userAgent)
                    .set(HttpHeaderNames.ACCEPT, APPLICATION_JSON))
            .doOnChannelInit(
                (observer, channel, address) ->
                    channel.pipeline().addFirst(STACKLESS_RESETS, StacklessResets.INSTANCE));
    return new Route(configured, baseUrl);
  }

  /**
   * Refuses, before any token or request, a name whose location this transport has no endpoint
   * for (only when it routes by location).
   */
  @Override
  public void checkName(String name) {
    routes.apply(name);
  }

  @Override
  public Mono<byte[]> getOperation(String name, AccessToken token) {
    return exchange(HttpMethod.GET, name, () -> path(name, ""), null, token);
  }

  @Override
  public Mono<byte[]> listOperations(
      String parent, String filter, String pageToken, AccessToken token) {
    return exchange(
        HttpMethod.GET,
        parent,
        () -> {
          StringBuilder query = new StringBuilder(path(parent, "/operations"));
          appendQuery(query, "filter", filter);
          appendQuery(query, "pageToken", pageToken);
          return query.toString();
        },
        null,
        token);
  }

  @Override
  public Mono<Void> cancelOperation(String name, AccessToken token) {
    return exchange(HttpMethod.POST, name, () -> path(name, ":cancel"), EMPTY_JSON_OBJECT, token)
        .then();
  }

  @Override
  public Mono<Void> deleteOperation(String name, AccessToken token) {
    return exchange(HttpMethod.DELETE, name, () -> path(name, ""), null, token).then();
  }

  private Mono<byte[]> exchange(
      HttpMethod method, String name, Supplier<String> uriOf, byte[] body, AccessToken token) {
    return Mono.defer(
        () -> {
          String uri;
          Route route;
          try {
            Objects.requireNonNull(token, "token");
            uri = uriOf.get();
            route = routes.apply(name);
          } catch (IllegalArgumentException | NullPointerException e) {
            return Mono.error(
                TransportException.permanentFailure(
                    method.name() + " request not sent: " + e.getMessage(), e));
          }
          return send(route, method, uri, body, token);
        });
  }

  private Mono<byte[]> send(
      Route route, HttpMethod method, String uri, byte[] body, AccessToken token) {
    // The reason this transport gave up on a response, which wins over the connection error
    // that aborting the response may cause.
    AtomicReference<TransportException> verdict = new AtomicReference<>();
    return route.client()
        .request(method)
        .uri(uri)
        .send(
            (request, out) -> {
              if (!token.isNone()) {
                request.header(HttpHeaderNames.AUTHORIZATION, "Bearer " + token.value());
              }
              if (body == null) {
                return out;
              }
              request.header(HttpHeaderNames.CONTENT_TYPE, APPLICATION_JSON);
              request.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
              return out.sendByteArray(Mono.just(body));
            })
        .response((response, content) -> answer(method, uri, response, content, verdict))
        .single()
        .onErrorMap(e -> verdict.get() != null ? verdict.get()
            : translate(route.endpoint(), call(method, uri), e));
  }

  /** The request as errors name it, such as {@code GET /v1/...}: built only for an error. */
  private static String call(HttpMethod method, String uri) {
    return method.name() + " " + uri;
  }

  private Mono<byte[]> answer(
      HttpMethod method, String uri, HttpClientResponse response, ByteBufFlux content,
      AtomicReference<TransportException> verdict) {
    int status = response.status().code();
    if (status >= 200 && status < 300) {
      long declared = contentLength(response);
      if (declared > maxResponseBytes) {
        return Mono.error(
            decide(verdict, tooLarge(call(method, uri), "declares " + declared + " bytes")));
      }
      return BodyBuffer.readAtMost(
          content, maxResponseBytes,
          () -> decide(verdict, tooLarge(call(method, uri), "is longer")));
    }
    String call = call(method, uri);
    if (status >= 300 && status < 400) {
      return Mono.error(decide(verdict, redirectNotFollowed(call, status, response)));
    }
    if (status < 200 || status > 599) {
      return Mono.error(
          TransportException.transientFailure(
              call + " answered with an unexpected HTTP status " + status, null));
    }
    Duration retryAfter =
        RetryAfter.parse(
                response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER), clock.instant())
            .orElse(null);
    return BodyBuffer.readTruncated(content, Math.min(maxResponseBytes, MAX_ERROR_BODY_BYTES))
        .map(bytes -> decide(verdict, TransportException.http(status, bytes, retryAfter)))
        .flatMap(Mono::error);
  }

  private static TransportException decide(
      AtomicReference<TransportException> verdict, TransportException e) {
    verdict.compareAndSet(null, e);
    return e;
  }

  private TransportException tooLarge(String call, String how) {
    return TransportException.permanentFailure(
        "response body exceeds the " + maxResponseBytes + "-byte limit: the answer to " + call
            + " " + how + "; raise maxResponseBytes if this is expected",
        null);
  }

  private static TransportException redirectNotFollowed(
      String call, int status, HttpClientResponse response) {
    String location = response.responseHeaders().get(HttpHeaderNames.LOCATION);
    String where = location == null ? "no Location" : quoteLocation(location);
    String message =
        "redirect not followed: " + call + " answered HTTP " + status + " pointing to " + where
            + "; lro-poller does not follow redirects so the bearer token only goes to the"
            + " configured endpoint";
    return TransportException.http(status, errorBody(status, message), null);
  }

  private static String quoteLocation(String location) {
    String cut =
        location.length() > MAX_QUOTED_LOCATION
            ? location.substring(0, MAX_QUOTED_LOCATION) + "..."
            : location;
    StringBuilder sb = new StringBuilder(cut.length() + 2).append('"');
    cut.codePoints().forEach(c -> sb.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
    return sb.append('"').toString();
  }

  /** An AIP-193 body, so the status keeps the message through {@code RpcStatus}. */
  private static byte[] errorBody(int status, String message) {
    StringBuilder sb = new StringBuilder("{\"error\":{\"code\":").append(status).append(",\"message\":\"");
    for (char c : message.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append("\"}}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static TransportException translate(String endpoint, String call, Throwable e) {
    if (e instanceof TransportException t) {
      return t;
    }
    if (e instanceof IllegalArgumentException) {
      return TransportException.permanentFailure(call + " could not be sent: " + e.getMessage(), e);
    }
    if (isPoolBackPressure(e)) {
      // The connection pool is full here, locally: not a failure of the operation or the server.
      return TransportException.backPressure(call + " waited for a pooled connection: "
          + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    Throwable configuration = ConfigurationErrors.configurationCause(e);
    if (configuration != null) {
      boolean h2 = configuration instanceof io.netty.handler.codec.http2.Http2Exception;
      String validity = h2 ? null : ConfigurationErrors.certificateValidity(e);
      return TransportException.configurationFailure(
          (h2 ? "HTTP/2 protocol error with " : "TLS handshake with ") + endpoint + " failed ("
              + call + "): " + describe(configuration)
              + (h2
                  ? "; the server does not speak HTTP/2 as the client expects: turn http2 off or"
                      + " check the server"
                  : validity != null
                      ? "; " + validity + ": renew the server's certificate or check the clocks"
                      : "; check the endpoint's certificate, its host name and the trust settings"
                          + " (trustManager)")
              + "; not retried",
          e);
    }
    return TransportException.transientFailure(call + " to " + endpoint + " failed: " + describe(e), e);
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /**
   * Reactor Netty's pool refusing or timing out an acquire. Matched by simple name: the classes
   * live in Reactor Netty's shaded copy of reactor-pool, whose package is not an API.
   */
  static boolean isPoolBackPressure(Throwable e) {
    String name = e.getClass().getSimpleName();
    return name.equals("PoolAcquirePendingLimitException")
        || name.equals("PoolAcquireTimeoutException");
  }

  private static long contentLength(HttpClientResponse response) {
    String value = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String path(String resource, String suffix) {
    Objects.requireNonNull(resource, "name");
    for (int i = 0; i < resource.length(); i++) {
      char c = resource.charAt(i);
      if (c <= 0x20 || c == 0x7f || c == '?' || c == '#' || c == '%') {
        throw new IllegalArgumentException(
            "resource name must not contain '?', '#', '%', whitespace or control characters: \""
                + resource + "\"");
      }
    }
    String trimmed = resource.startsWith("/") ? resource.substring(1) : resource;
    return "/v1/" + trimmed + suffix;
  }

  private static void appendQuery(StringBuilder query, String key, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    query.append(query.indexOf("?") < 0 ? '?' : '&').append(key).append('=').append(encode(value));
  }

  /** Percent-encodes a query value; a space becomes {@code %20}, not {@code +}. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Shows where requests go and the limits; never a token. */
  @Override
  public String toString() {
    return "ReactorNettyOperationsTransport[" + shown + ", maxResponseBytes="
        + maxResponseBytes + "]";
  }

  /**
   * Swaps the exception of a connection reset for a copy without a stack trace, before Reactor
   * Netty sees it.
   *
   * <p>Why: a reset that ends a request before its response reaches Reactor Netty's
   * {@code HttpClientConnect} observer, which logs every such error at WARN with the exception,
   * on the NIO transport a full stack trace of Netty's read loop. The engine retries the poll and
   * reports it itself, so the trace is noise in a user's log once per reset. No public hook runs
   * before that log line, and the user's logging configuration is not ours to change; what we
   * can do is hand Reactor Netty an exception without frames. The copy keeps the type family
   * ({@link SocketException}) and the message, so Reactor Netty decides the same way (mark the
   * connection unusable, retry only a request whose headers were not sent).
   */
  @ChannelHandler.Sharable
  static final class StacklessResets extends ChannelInboundHandlerAdapter {
    static final StacklessResets INSTANCE = new StacklessResets();

    private StacklessResets() {}

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.fireExceptionCaught(isReset(cause) ? new ConnectionReset(cause.getMessage()) : cause);
    }

    static boolean isReset(Throwable e) {
      if (!(e instanceof IOException) || e instanceof ConnectionReset) {
        return false;
      }
      String message = e.getMessage();
      return message != null
          && (message.contains("Connection reset") || message.contains("Broken pipe"));
    }
  }

  /** A connection reset by the peer, without a stack trace (see {@link StacklessResets}). */
  static final class ConnectionReset extends SocketException {
    private static final long serialVersionUID = 1L;

    ConnectionReset(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  /** Collects a body chunk by chunk, refusing or cutting it at a limit. */
  static final class BodyBuffer {
    private final int limit;
    private byte[] bytes = new byte[0];
    private int size;

    private BodyBuffer(int limit) {
      this.limit = limit;
    }

    /** The whole body, or the error from {@code tooLarge} as soon as it passes {@code limit}. */
    static Mono<byte[]> readAtMost(
        ByteBufFlux content, int limit, Supplier<TransportException> tooLarge) {
      return Mono.defer(
          () -> {
            BodyBuffer buffer = new BodyBuffer(limit);
            return content
                .asByteArray()
                .<byte[]>handle(
                    (chunk, sink) -> {
                      if (!buffer.append(chunk, false)) {
                        sink.error(tooLarge.get());
                      }
                    })
                .then(Mono.fromSupplier(buffer::toByteArray));
          });
    }

    /**
     * The body's first {@code limit} bytes; stops reading there. A read error keeps what came.
     */
    static Mono<byte[]> readTruncated(ByteBufFlux content, int limit) {
      return Mono.defer(
          () -> {
            BodyBuffer buffer = new BodyBuffer(limit);
            return content
                .asByteArray()
                .<byte[]>handle(
                    (chunk, sink) -> {
                      if (!buffer.append(chunk, true)) {
                        sink.complete();
                      }
                    })
                .then()
                .onErrorResume(e -> Mono.empty())
                .then(Mono.fromSupplier(buffer::toByteArray));
          });
    }

    /** Adds {@code chunk}; returns false when the limit is passed (after cutting, if asked). */
    private boolean append(byte[] chunk, boolean cut) {
      long total = (long) size + chunk.length;
      if (total > limit) {
        if (cut) {
          put(chunk, limit - size);
        }
        return false;
      }
      put(chunk, chunk.length);
      return true;
    }

    private void put(byte[] chunk, int length) {
      if (size + length > bytes.length) {
        int capacity = (int) Math.min(limit, Math.max((long) size + length, 2L * bytes.length));
        bytes = Arrays.copyOf(bytes, capacity);
      }
      System.arraycopy(chunk, 0, bytes, size, length);
      size += length;
    }

    private byte[] toByteArray() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }
}
