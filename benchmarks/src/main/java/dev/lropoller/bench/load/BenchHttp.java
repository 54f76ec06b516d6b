package dev.lropoller.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The one Reactor Netty client configuration every Netty-based contender uses (lro-poller, raw,
 * Azure), so they differ only in what sits on top of it: global event loops, a pool of
 * {@link #MAX_CONNECTIONS} keep-alive connections, and no limit on requests waiting for a
 * connection (all operations poll in the same instant, so a burst of N requests queues).
 */
final class BenchHttp {
  static final int MAX_CONNECTIONS = 128;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte[] EMPTY = new byte[0];

  private BenchHttp() {}

  static ConnectionProvider newPool(String name) {
    return ConnectionProvider.builder(name)
        .maxConnections(MAX_CONNECTIONS)
        .pendingAcquireMaxCount(-1)
        .pendingAcquireTimeout(Duration.ofMinutes(10))
        .build();
  }

  /** {@code GET /v1/{name}} and a Jackson tree of the 200 body; any other status is an error. */
  static Mono<JsonNode> getTree(HttpClient client, String name) {
    return client.get().uri("/v1/" + name).responseSingle((response, body) -> {
      int status = response.status().code();
      return body.asByteArray().defaultIfEmpty(EMPTY).handle((bytes, sink) -> {
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

  /** Completes for a done operation without error, fails for a done one with error. */
  static boolean isDone(JsonNode op) {
    if (!op.path("done").asBoolean(false)) {
      return false;
    }
    if (op.has("error")) {
      throw new IllegalStateException("operation failed: " + op.get("error"));
    }
    return true;
  }
}
