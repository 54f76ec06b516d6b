package dev.lropoller.bench.tls;

import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.PollerFlux;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.reactor.GoogleOperationPoller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.Http2AllocationStrategy;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider;

/** One way of watching operations over TLS; built per run, then closed. */
abstract class TlsContender implements AutoCloseable {
  /** Connections of the HTTP/1.1 pool the raw and Azure contenders share with the load run's. */
  static final int HTTP11_CONNECTIONS = 128;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  final String id;

  TlsContender(String id) {
    this.id = id;
  }

  /** Completes when {@code name} is done, fails otherwise. */
  abstract Mono<Void> watch(String name);

  abstract String describe();

  @Override
  public abstract void close();

  /**
   * lro-poller over h2 (the default) with {@code connections} connections, or over HTTP/1.1 with
   * the default pool when {@code connections} is 0.
   */
  static TlsContender lro(
      String id, URI endpoint, X509Certificate root, Duration interval, Duration timeout,
      int connections) {
    ConnectionProvider pool = connections > 0 && connections != GoogleOperationPoller.DEFAULT_HTTP2_CONNECTIONS
        ? ConnectionProvider.builder("tls-bench-" + id)
            .pendingAcquireMaxCount(-1)
            .allocationStrategy(Http2AllocationStrategy.builder().maxConnections(connections)
                .minConnections(1)
                .maxConcurrentStreams(GoogleOperationPoller.DEFAULT_MAX_STREAMS_PER_CONNECTION).build())
            .build()
        : null;
    GoogleOperationPoller.Builder b = GoogleOperationPoller.builder().endpoint(endpoint)
        .noCredentials().trustManager(root)
        .policy(PollPolicy.fixed(interval).withFirstPollDelay(interval).withTimeout(timeout))
        .http2(connections > 0);
    if (pool != null) {
      b.connectionProvider(pool);
    }
    OperationPoller poller = b.build();
    return new TlsContender(id) {
      @Override
      Mono<Void> watch(String name) {
        return poller.completion(name);
      }

      @Override
      String describe() {
        return id + ": GoogleOperationPoller, " + (connections > 0
            ? "h2 (default), " + connections + " connection(s)" + (pool == null ? " (default pool)" : "")
            : "http2(false): HTTP/1.1, default pool of "
                + GoogleOperationPoller.DEFAULT_MAX_CONNECTIONS) + ", trustManager(emulator cert)";
      }

      @Override
      public void close() {
        poller.close();
        if (pool != null) {
          pool.disposeLater().block(Duration.ofSeconds(10));
        }
      }
    };
  }

  /** A bare Reactor Netty GET + Jackson tree per poll, {@code Mono.delay(interval)} before each. */
  static TlsContender raw(URI endpoint, X509Certificate root, Duration interval) {
    ConnectionProvider pool = http11Pool("tls-bench-raw");
    HttpClient client = http11Client(pool, endpoint, root);
    return new TlsContender("raw") {
      @Override
      Mono<Void> watch(String name) {
        return Mono.delay(interval).then(getTree(client, name))
            .flatMap(op -> isDone(op) ? Mono.<Void>empty() : watch(name));
      }

      @Override
      String describe() {
        return "raw: Reactor Netty GET + Jackson readTree over TLS HTTP/1.1, pool of "
            + HTTP11_CONNECTIONS;
      }

      @Override
      public void close() {
        pool.disposeLater().block(Duration.ofSeconds(10));
      }
    };
  }

  /** Azure's {@link PollerFlux} per operation, polling with the raw contender's GET. */
  static TlsContender azure(URI endpoint, X509Certificate root, Duration interval) {
    ConnectionProvider pool = http11Pool("tls-bench-azure");
    HttpClient client = http11Client(pool, endpoint, root);
    return new TlsContender("azure") {
      @Override
      Mono<Void> watch(String name) {
        PollerFlux<JsonNode, Void> poller = new PollerFlux<>(interval,
            context -> Mono.just(NullNode.getInstance()),
            context -> getTree(client, name).map(op -> new PollResponse<>(
                !op.path("done").asBoolean(false) ? LongRunningOperationStatus.IN_PROGRESS
                    : op.has("error") ? LongRunningOperationStatus.FAILED
                        : LongRunningOperationStatus.SUCCESSFULLY_COMPLETED,
                op)),
            (context, response) -> Mono.error(new UnsupportedOperationException("no cancel")),
            context -> Mono.empty());
        return poller.last().flatMap(r ->
            r.getStatus() == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED ? Mono.empty()
                : Mono.error(new IllegalStateException("ended " + r.getStatus())));
      }

      @Override
      String describe() {
        return "azure: azure-core PollerFlux(interval), poll = the raw GET over TLS HTTP/1.1";
      }

      @Override
      public void close() {
        pool.disposeLater().block(Duration.ofSeconds(10));
      }
    };
  }

  private static ConnectionProvider http11Pool(String name) {
    return ConnectionProvider.builder(name).maxConnections(HTTP11_CONNECTIONS)
        .pendingAcquireMaxCount(-1).pendingAcquireTimeout(Duration.ofMinutes(10)).build();
  }

  private static HttpClient http11Client(ConnectionProvider pool, URI endpoint, X509Certificate root) {
    Http11SslContextSpec tls = Http11SslContextSpec.forClient().configure(b -> b.trustManager(root));
    return HttpClient.create(pool).baseUrl(endpoint.toString())
        .secure(s -> s.sslContext((SslProvider.GenericSslContextSpec<?>) tls));
  }

  private static Mono<JsonNode> getTree(HttpClient client, String name) {
    return client.get().uri("/v1/" + name).responseSingle((response, body) -> {
      int status = response.status().code();
      return body.asByteArray().defaultIfEmpty(new byte[0]).handle((bytes, sink) -> {
        if (status != 200) {
          sink.error(new IllegalStateException("HTTP " + status + " for " + name));
          return;
        }
        try {
          sink.next(MAPPER.readTree(bytes));
        } catch (IOException e) {
          sink.error(new UncheckedIOException(e));
        }
      });
    });
  }

  private static boolean isDone(JsonNode op) {
    if (!op.path("done").asBoolean(false)) {
      return false;
    }
    if (op.has("error")) {
      throw new IllegalStateException("operation failed: " + op.get("error"));
    }
    return true;
  }
}
