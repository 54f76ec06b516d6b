package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.model.RpcCode;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.TransportException;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

class ReactorNettyOperationsTransportTest {
  private static final String NAME = "projects/p/locations/us-central1/operations/ICN123";
  private static final String OP_JSON = "{\"name\":\"" + NAME + "\",\"done\":false}";
  private static final AccessToken TOKEN = AccessToken.of("secret-bearer-value-1", null);
  private static final Duration SAFETY = Duration.ofSeconds(20);
  private static final int MIB = 1024 * 1024;

  private static ConnectionProvider provider;
  private LogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = LogCapture.start();
  }

  @AfterEach
  void noTokenInLogs() {
    logs.close();
    assertThat(logs.text()).doesNotContain(TOKEN.value());
  }

  @BeforeAll
  static void pool() {
    provider = ConnectionProvider.create("transport-test", 50);
  }

  @AfterAll
  static void disposePool() {
    provider.disposeLater().block(SAFETY);
  }

  private static ReactorNettyOperationsTransport transport(URI endpoint) {
    return transport(endpoint, GoogleOperationPoller.DEFAULT_MAX_RESPONSE_BYTES, Clock.systemUTC());
  }

  private static ReactorNettyOperationsTransport transport(URI endpoint, int max, Clock clock) {
    return ReactorNettyOperationsTransport.create(
        HttpClient.create(provider), endpoint, max, Duration.ofSeconds(5), clock);
  }

  private static TransportException failure(Mono<?> call) {
    Throwable t =
        call.then(Mono.<Throwable>error(new AssertionError("call succeeded")))
            .onErrorResume(e -> e instanceof AssertionError ? Mono.error(e) : Mono.just(e))
            .block(SAFETY);
    assertThat(t).isInstanceOf(TransportException.class);
    assertThat(t.getMessage()).doesNotContain(TOKEN.value());
    return (TransportException) t;
  }

  @Test
  void getSendsGetToV1NameWithHeaders() {
    try (LoopbackServer server = LoopbackServer.json(OP_JSON)) {
      byte[] body = transport(server.uri()).getOperation(NAME, TOKEN).block(SAFETY);

      assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(OP_JSON);
      LoopbackServer.Recorded r = server.only();
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.uri()).isEqualTo("/v1/" + NAME);
      assertThat(r.header("User-Agent")).startsWith("lro-poller/");
      assertThat(r.header("Accept")).isEqualTo("application/json");
      assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN.value());
      assertThat(r.header("Accept-Encoding")).contains("gzip");
      assertThat(r.body()).isEmpty();
    }
  }

  @Test
  void noTokenMeansNoAuthorizationHeader() {
    try (LoopbackServer server = LoopbackServer.json(OP_JSON)) {
      transport(server.uri()).getOperation(NAME, AccessToken.none()).block(SAFETY);

      assertThat(server.only().headers().contains("Authorization")).isFalse();
    }
  }

  @Test
  void listEncodesQueryValuesAndOmitsEmptyOnes() {
    try (LoopbackServer server = LoopbackServer.json("{\"operations\":[]}")) {
      ReactorNettyOperationsTransport t = transport(server.uri());
      t.listOperations("projects/p/locations/l", "done = true AND x:\"a&b\"", "tok/+=", TOKEN)
          .block(SAFETY);
      t.listOperations("projects/p/locations/l", "", "", TOKEN).block(SAFETY);

      assertThat(server.requests).hasSize(2);
      assertThat(server.requests.get(0).method()).isEqualTo("GET");
      assertThat(server.requests.get(0).uri())
          .isEqualTo(
              "/v1/projects/p/locations/l/operations"
                  + "?filter=done%20%3D%20true%20AND%20x%3A%22a%26b%22&pageToken=tok%2F%2B%3D");
      assertThat(server.requests.get(1).uri()).isEqualTo("/v1/projects/p/locations/l/operations");
    }
  }

  @Test
  void cancelPostsEmptyObject() {
    try (LoopbackServer server = LoopbackServer.json("{}")) {
      transport(server.uri()).cancelOperation(NAME, TOKEN).block(SAFETY);

      LoopbackServer.Recorded r = server.only();
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.uri()).isEqualTo("/v1/" + NAME + ":cancel");
      assertThat(r.body()).isEqualTo("{}");
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN.value());
    }
  }

  @Test
  void deleteSendsDelete() {
    try (LoopbackServer server = LoopbackServer.json("{}")) {
      transport(server.uri()).deleteOperation(NAME, TOKEN).block(SAFETY);

      LoopbackServer.Recorded r = server.only();
      assertThat(r.method()).isEqualTo("DELETE");
      assertThat(r.uri()).isEqualTo("/v1/" + NAME);
    }
  }

  @Test
  void nothingIsSentBeforeSubscription() {
    try (LoopbackServer server = LoopbackServer.json(OP_JSON)) {
      ReactorNettyOperationsTransport t = transport(server.uri());
      Mono<byte[]> lazy = t.getOperation(NAME, TOKEN);
      t.cancelOperation(NAME, TOKEN);
      lazy.block(SAFETY);

      assertThat(server.requests).hasSize(1);
    }
  }

  @Test
  void gzipBodyIsDecoded() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(OP_JSON.getBytes(StandardCharsets.UTF_8));
    }
    byte[] compressed = gz.toByteArray();
    try (LoopbackServer server =
        LoopbackServer.start(
            (r, res) ->
                res.header("Content-Encoding", "gzip")
                    .header("Content-Length", Integer.toString(compressed.length))
                    .sendByteArray(Mono.just(compressed)))) {
      byte[] body = transport(server.uri()).getOperation(NAME, TOKEN).block(SAFETY);

      assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(OP_JSON);
    }
  }

  @Test
  void gzipBombIsCountedAfterDecoding() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      byte[] zeros = new byte[MIB];
      for (int i = 0; i < 64; i++) {
        out.write(zeros);
      }
    }
    byte[] compressed = gz.toByteArray();
    assertThat(compressed.length).isLessThan(MIB);
    try (LoopbackServer server =
        LoopbackServer.start(
            (r, res) ->
                res.header("Content-Encoding", "gzip")
                    .header("Content-Length", Integer.toString(compressed.length))
                    .sendByteArray(Mono.just(compressed)))) {
      TransportException e = failure(transport(server.uri()).getOperation(NAME, TOKEN));

      assertThat(e.getMessage()).startsWith("response body exceeds the 4194304-byte limit");
      assertThat(e.retryable()).isFalse();
    }
  }

  @Test
  void bodyUpToTheLimitIsReturned() {
    byte[] big = new byte[3 * MIB];
    Arrays.fill(big, (byte) 'x');
    try (LoopbackServer server = LoopbackServer.start((r, res) -> res.sendByteArray(Mono.just(big)))) {
      byte[] body = transport(server.uri()).getOperation(NAME, TOKEN).block(SAFETY);

      assertThat(body).hasSize(3 * MIB);
    }
  }

  @Test
  void bodyOverLimitWithContentLengthIsRefusedUpFront() {
    byte[] chunk = new byte[64 * 1024];
    AtomicLong sent = new AtomicLong();
    try (LoopbackServer server =
        LoopbackServer.start(
            (r, res) ->
                res.header("Content-Length", Integer.toString(5 * MIB))
                    .send(
                        Flux.range(0, 80)
                            .map(i -> Unpooled.wrappedBuffer(chunk))
                            .doOnNext(b -> sent.addAndGet(chunk.length))))) {
      TransportException e = failure(transport(server.uri()).getOperation(NAME, TOKEN));

      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage())
          .startsWith("response body exceeds the 4194304-byte limit")
          .contains("GET /v1/" + NAME)
          .contains("declares 5242880 bytes");
      server.closedConnections.asFlux().blockFirst(SAFETY);
    }
  }

  @Test
  void chunkedBodyOverLimitIsRefusedWithoutReadingItAll() {
    byte[] chunk = new byte[64 * 1024];
    AtomicLong sent = new AtomicLong();
    long total = 100L * MIB;
    try (LoopbackServer server =
        LoopbackServer.start(
            (r, res) ->
                res.send(
                    Flux.range(0, (int) (total / chunk.length))
                        .map(i -> Unpooled.wrappedBuffer(chunk))
                        .doOnNext(b -> sent.addAndGet(chunk.length))))) {
      TransportException e = failure(transport(server.uri()).getOperation(NAME, TOKEN));

      assertThat(e.getMessage()).startsWith("response body exceeds the 4194304-byte limit");
      assertThat(e.retryable()).isFalse();
      server.closedConnections.asFlux().blockFirst(SAFETY);
      assertThat(sent.get()).isLessThan(total);
    }
  }

  @Test
  void configuredLimitApplies() {
    try (LoopbackServer server = LoopbackServer.json(OP_JSON)) {
      TransportException e =
          failure(transport(server.uri(), 10, Clock.systemUTC()).getOperation(NAME, TOKEN));

      assertThat(e.getMessage()).startsWith("response body exceeds the 10-byte limit");
    }
  }

  @Test
  void htmlBadGatewayKeepsTheStatus() {
    try (LoopbackServer server =
        LoopbackServer.start(
            (r, res) ->
                res.status(502)
                    .header("Content-Type", "text/html")
                    .sendString(Mono.just("<html><body>Bad Gateway</body></html>")))) {
      TransportException e = failure(transport(server.uri()).getOperation(NAME, TOKEN));

      assertThat(e.httpStatus()).isEqualTo(502);
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("502");
    }
  }

  @Test
  void emptyErrorBodyKeepsTheStatus() {
    try (LoopbackServer server = LoopbackServer.start((r, res) -> res.status(503).send())) {
      TransportException e = failure(transport(server.uri()).getOperation(NAME, TOKEN));

      assertThat(e.httpStatus()).isEqualTo(503);
      assertThat(e.retryable()).isTrue();
    }
  }

  @Test
  void aip193ErrorIsParsed() {
    String body =
        "{\"error\":{\"code\":403,\"message\":\"AutoML API has not been used\","
            + "\"status\":\"PERMISSION_DENIED\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"SERVICE_DISABLED\","
            + "\"domain\":\"googleapis.com\",\"metadata\":{}}]}}";
    try (LoopbackServer server =
        LoopbackServer.start(
            (r, res) ->
                res.status(403).header("Content-Type", "application/json").sendString(Mono.just(body)))) {
      TransportException e = failure(transport(server.uri()).getOperation(NAME, TOKEN));

      assertThat(e.httpStatus()).isEqualTo(403);
      assertThat(e.retryable()).isFalse();
      assertThat(e.status()).isPresent();
      assertThat(e.status().get().code()).isEqualTo(RpcCode.PERMISSION_DENIED);
      assertThat(e.status().get().message()).isEqualTo("AutoML API has not been used");
      assertThat(e.status().get().reason()).contains("SERVICE_DISABLED");
    }
  }

  @Test
  void unauthorizedIsReported() {
    try (LoopbackServer server = LoopbackServer.start((r, res) -> res.status(401).send())) {
      TransportException e = failure(transport(server.uri()).getOperation(NAME, TOKEN));

      assertThat(e.isUnauthorized()).isTrue();
    }
  }

  @Test
  void retryAfterSeconds() {
    try (LoopbackServer server =
        LoopbackServer.start((r, res) -> res.status(429).header("Retry-After", "120").send())) {
      TransportException e = failure(transport(server.uri()).getOperation(NAME, TOKEN));

      assertThat(e.httpStatus()).isEqualTo(429);
      assertThat(e.retryable()).isTrue();
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
    }
  }

  @Test
  void retryAfterHttpDateUsesTheClock() {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(now.plusSeconds(90), ZoneOffset.UTC));
    try (LoopbackServer server =
        LoopbackServer.start((r, res) -> res.status(503).header("Retry-After", date).send())) {
      TransportException e =
          failure(
              transport(server.uri(), MIB, Clock.fixed(now, ZoneOffset.UTC))
                  .getOperation(NAME, TOKEN));

      assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
    }
  }

  @Test
  void largeErrorBodyIsCutNotBuffered() {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) '<');
    try (LoopbackServer server =
        LoopbackServer.start(
            (r, res) ->
                res.status(500).send(Flux.range(0, 1600).map(i -> Unpooled.wrappedBuffer(chunk))))) {
      TransportException e = failure(transport(server.uri()).getOperation(NAME, TOKEN));

      assertThat(e.httpStatus()).isEqualTo(500);
      assertThat(e.retryable()).isTrue();
    }
  }

  @Test
  void truncatedBodyIsTransient() {
    DisposableServer server =
        LoopbackServer.raw(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                + "{\"name\":\"projects/p",
            false);
    try {
      TransportException e =
          failure(transport(URI.create("http://127.0.0.1:" + server.port())).getOperation(NAME, TOKEN));

      assertThat(e.retryable()).isTrue();
      assertThat(e.httpStatus()).isZero();
      assertThat(e).hasCauseInstanceOf(PrematureCloseException.class);
      assertThat(e.getMessage()).contains("GET /v1/" + NAME);
    } finally {
      server.disposeNow(SAFETY);
    }
  }

  @Test
  void resetIsTransient() {
    DisposableServer server = LoopbackServer.raw("", true);
    try {
      TransportException e =
          failure(transport(URI.create("http://127.0.0.1:" + server.port())).getOperation(NAME, TOKEN));

      assertThat(e.retryable()).isTrue();
      assertThat(e.httpStatus()).isZero();
    } finally {
      server.disposeNow(SAFETY);
    }
  }

  @Test
  void connectRefusedIsTransient() {
    LoopbackServer server = LoopbackServer.json(OP_JSON);
    URI gone = server.uri();
    server.close();

    TransportException e = failure(transport(gone).getOperation(NAME, TOKEN));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("GET /v1/" + NAME).contains(gone.toString());
  }

  @Test
  void redirectIsNotFollowedAndTheTokenStaysHome() {
    try (LoopbackServer elsewhere = LoopbackServer.json(OP_JSON)) {
      String location = elsewhere.uri() + "/v1/" + NAME;
      try (LoopbackServer server =
          LoopbackServer.start((r, res) -> res.status(302).header("Location", location).send())) {
        TransportException e = failure(transport(server.uri()).getOperation(NAME, TOKEN));

        assertThat(e.retryable()).isFalse();
        assertThat(e.httpStatus()).isEqualTo(302);
        assertThat(e.getMessage()).contains("redirect not followed").contains(location);
        assertThat(server.only().header("Authorization")).isEqualTo("Bearer " + TOKEN.value());
        assertThat(elsewhere.requests).isEmpty();
      }
    }
  }

  @Test
  void cancellingAbortsTheRequest() {
    Sinks.Empty<Void> arrived = Sinks.empty();
    try (LoopbackServer server =
        LoopbackServer.start(
            (r, res) -> {
              arrived.tryEmitEmpty();
              return Mono.never();
            })) {
      Disposable call = transport(server.uri()).getOperation(NAME, TOKEN).subscribe();
      arrived.asMono().block(SAFETY);

      call.dispose();

      assertThat(server.closedConnections.asFlux().blockFirst(SAFETY)).isEqualTo(1);
      assertThat(server.requests).hasSize(1);
    }
  }

  @Test
  void namesThatWouldEscapeThePathAreRefused() {
    try (LoopbackServer server = LoopbackServer.json(OP_JSON)) {
      TransportException e =
          failure(Mono.defer(() -> transport(server.uri()).getOperation("projects/p?x=1", TOKEN)));

      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("\"projects/p?x=1\"");
      assertThat(server.requests).isEmpty();
    }
  }

  @Test
  void toStringShowsNoSecrets() {
    ReactorNettyOperationsTransport t = transport(URI.create("http://127.0.0.1:1"));

    assertThat(t.toString()).contains("127.0.0.1:1").contains("4194304").doesNotContain("Bearer");
  }
}
