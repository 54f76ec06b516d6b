package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.ModelRef;
import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcCode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

class GoogleOperationPollerTest {
  private static final Duration SAFETY = Duration.ofSeconds(30);
  private static final String NAME = "projects/p/locations/us-central1/operations/ICN123";
  private static final String RUNNING = "{\"name\":\"" + NAME + "\",\"metadata\":{\"@type\":"
      + "\"type.googleapis.com/google.cloud.automl.v1.OperationMetadata\",\"createModelDetails\":{}}}";
  private static final String DONE_MODEL = "{\"name\":\"" + NAME + "\",\"done\":true,"
      + "\"metadata\":{\"@type\":\"type.googleapis.com/google.cloud.automl.v1.OperationMetadata\","
      + "\"createModelDetails\":{},\"progressPercent\":100},"
      + "\"response\":{\"@type\":\"type.googleapis.com/google.cloud.automl.v1.Model\","
      + "\"name\":\"projects/p/locations/us-central1/models/ICN999\",\"displayName\":\"flowers\"}}";
  private static final String UNAUTHENTICATED = "{\"error\":{\"code\":401,\"message\":"
      + "\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}";

  // ---- builder ----

  @Test
  void defaults() {
    GoogleOperationPoller.Builder b = GoogleOperationPoller.builder();

    assertThat(GoogleOperationPoller.DEFAULT_ENDPOINT).hasToString("https://automl.googleapis.com");
    assertThat(GoogleOperationPoller.DEFAULT_MAX_RESPONSE_BYTES).isEqualTo(4 * 1024 * 1024);
    assertThat(b.toString())
        .contains("endpoint=https://automl.googleapis.com")
        .contains("credentials=application default")
        .contains("maxResponseBytes=4194304");
    // Application Default Credentials are looked up at the first request, not here.
    OperationPoller poller = b.build();
    assertThat(poller.policy().requestTimeout()).isEqualTo(PollPolicy.DEFAULT_REQUEST_TIMEOUT);
  }

  @Test
  void plainHttpToARemoteHostIsRefused() {
    GoogleOperationPoller.Builder b =
        GoogleOperationPoller.builder().endpoint(URI.create("http://example.com"));

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "endpoint must use https unless the host is loopback or allowInsecureEndpoint() is set,"
                + " because the bearer token would travel in clear text: http://example.com");
  }

  @Test
  void allowInsecureEndpointAllowsIt() {
    OperationPoller poller =
        GoogleOperationPoller.builder()
            .endpoint(URI.create("http://emulator.internal:8080"))
            .allowInsecureEndpoint()
            .noCredentials()
            .build();

    assertThat(poller).isNotNull();
  }

  @Test
  void plainHttpToLoopbackIsAllowed() {
    for (String uri :
        List.of("http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:9", "http://[::1]:80/")) {
      assertThat(GoogleOperationPoller.builder().endpoint(URI.create(uri)).noCredentials().build())
          .as(uri)
          .isNotNull();
    }
  }

  @Test
  void loopbackDetectionNeverResolves() {
    assertThat(GoogleOperationPoller.isLoopback("127.0.0.1")).isTrue();
    assertThat(GoogleOperationPoller.isLoopback("127.255.255.254")).isTrue();
    assertThat(GoogleOperationPoller.isLoopback("LOCALHOST")).isTrue();
    assertThat(GoogleOperationPoller.isLoopback("[::1]")).isTrue();
    assertThat(GoogleOperationPoller.isLoopback("127.0.0.300")).isFalse();
    assertThat(GoogleOperationPoller.isLoopback("128.0.0.1")).isFalse();
    assertThat(GoogleOperationPoller.isLoopback("127.0.0.1.example.com")).isFalse();
    assertThat(GoogleOperationPoller.isLoopback("localhost.example.com")).isFalse();
    assertThat(GoogleOperationPoller.isLoopback("example.com")).isFalse();
  }

  @Test
  void badEndpointsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> GoogleOperationPoller.builder().endpoint(URI.create("https://automl.googleapis.com/v1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "endpoint must not have a path, since /v1/{name} is appended to it: https://automl.googleapis.com/v1");
    assertThatThrownBy(() -> GoogleOperationPoller.builder().endpoint(URI.create("https://h?x=1")))
        .hasMessage("endpoint must not have a query or a fragment: https://h?x=1");
    assertThatThrownBy(() -> GoogleOperationPoller.builder().endpoint(URI.create("https://h#f")))
        .hasMessage("endpoint must not have a query or a fragment: https://h#f");
    assertThatThrownBy(() -> GoogleOperationPoller.builder().endpoint(URI.create("ftp://h")))
        .hasMessageContaining("ftp://h");
    assertThatThrownBy(() -> GoogleOperationPoller.builder().endpoint(URI.create("automl.googleapis.com")))
        .hasMessageContaining("automl.googleapis.com");
    assertThatThrownBy(() -> GoogleOperationPoller.builder().endpoint(URI.create("https://user:pw@h")))
        .hasMessageContaining("user info")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> GoogleOperationPoller.builder().maxResponseBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxResponseBytes must be positive: 0");
  }

  @Test
  void nullArgumentsNameTheParameter() {
    GoogleOperationPoller.Builder b = GoogleOperationPoller.builder();

    assertThatThrownBy(() -> b.endpoint(null)).isInstanceOf(NullPointerException.class).hasMessage("endpoint");
    assertThatThrownBy(() -> b.credentials(null)).isInstanceOf(NullPointerException.class).hasMessage("credentials");
    assertThatThrownBy(() -> b.policy(null)).isInstanceOf(NullPointerException.class).hasMessage("policy");
    assertThatThrownBy(() -> b.scheduler(null)).isInstanceOf(NullPointerException.class).hasMessage("scheduler");
    assertThatThrownBy(() -> b.httpClient(null)).isInstanceOf(NullPointerException.class).hasMessage("httpClient");
  }

  // ---- through the real engine ----

  @Test
  void noCredentialsPollsWithoutAuthorization() {
    AtomicInteger calls = new AtomicInteger();
    try (LoopbackServer api =
        LoopbackServer.start(
            (r, res) -> res.sendString(Mono.just(calls.incrementAndGet() == 1 ? RUNNING : DONE_MODEL)))) {
      OperationPoller poller =
          GoogleOperationPoller.builder()
              .endpoint(api.uri())
              .noCredentials()
              .policy(PollPolicy.fixed(Duration.ofMillis(1)))
              .build();

      List<Operation> seen = poller.poll(NAME).collectList().block(SAFETY);

      assertThat(seen).extracting(Operation::done).containsExactly(false, true);
      assertThat(api.requests).hasSize(2).allSatisfy(r -> {
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.uri()).isEqualTo("/v1/" + NAME);
        assertThat(r.headers().contains("Authorization")).isFalse();
        assertThat(r.header("User-Agent")).startsWith("lro-poller/");
      });
    }
  }

  @Test
  void revokedTokenCostsExactlyOneRefreshAndThePollSucceeds() {
    try (LogCapture logs = LogCapture.start();
        TokenEndpoint tokens = new TokenEndpoint()) {
      List<String> authSeen = new CopyOnWriteArrayList<>();
      try (LoopbackServer api =
          LoopbackServer.start(
              (r, res) -> {
                String auth = r.header("Authorization");
                authSeen.add(auth);
                if (("Bearer " + TokenEndpoint.token(1)).equals(auth)) {
                  return res.status(401)
                      .header("Content-Type", "application/json")
                      .sendString(Mono.just(UNAUTHENTICATED));
                }
                if (("Bearer " + TokenEndpoint.token(2)).equals(auth)) {
                  return res.header("Content-Type", "application/json").sendString(Mono.just(DONE_MODEL));
                }
                return res.status(403).send();
              })) {
        GoogleOperationPoller.Builder builder =
            GoogleOperationPoller.builder().endpoint(api.uri()).credentials(tokens.credentials());
        OperationPoller poller = builder.build();

        ModelRef model = poller.model(NAME).block(SAFETY);

        assertThat(model.modelId()).isEqualTo("ICN999");
        assertThat(tokens.requests).hasValue(2);
        assertThat(authSeen)
            .containsExactly("Bearer " + TokenEndpoint.token(1), "Bearer " + TokenEndpoint.token(2));
        assertThat(tokens.refreshThreads).allMatch(n -> n.startsWith("boundedElastic-"));
        assertThat(builder.toString()).contains("ServiceAccountCredentials");
        assertNoSecrets(builder.toString(), poller.toString());
      }
      assertThat(logs.count()).as("the capture sees Reactor Netty's debug logs").isPositive();
      assertNoSecrets(logs.text());
    }
  }

  @Test
  void aSecondUnauthorizedIsFinalAndShowsNoToken() {
    try (LogCapture logs = LogCapture.start();
        TokenEndpoint tokens = new TokenEndpoint();
        LoopbackServer api =
            LoopbackServer.start(
                (r, res) ->
                    res.status(401)
                        .header("Content-Type", "application/json")
                        .sendString(Mono.just(UNAUTHENTICATED)))) {
      OperationPoller poller =
          GoogleOperationPoller.builder().endpoint(api.uri()).credentials(tokens.credentials()).build();

      Throwable e = poller.get(NAME).then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(SAFETY);

      assertThat(e).isInstanceOf(ApiCallException.class);
      assertThat(((ApiCallException) e).httpStatus()).isEqualTo(401);
      assertThat(((ApiCallException) e).rpcCode()).isEqualTo(RpcCode.UNAUTHENTICATED);
      assertThat(api.requests).hasSize(2);
      assertThat(tokens.requests).hasValue(2);
      assertNoSecrets(describe(e), poller.toString(), logs.text());
    }
  }

  @Test
  void maxResponseBytesIsApplied() {
    try (LoopbackServer api = LoopbackServer.json(DONE_MODEL)) {
      OperationPoller poller =
          GoogleOperationPoller.builder().endpoint(api.uri()).noCredentials().maxResponseBytes(100).build();

      assertThatThrownBy(() -> poller.get(NAME).block(SAFETY))
          .isInstanceOf(UnexpectedResponseException.class)
          .hasMessageContaining("response body exceeds the 100-byte limit");
    }
  }

  @Test
  void maxResponseBytesOverTheParsersLimitIsRefusedQuotingValueAndLimit() {
    int largest = GoogleOperationPoller.LARGEST_MAX_RESPONSE_BYTES;
    assertThat(largest).isEqualTo(8 * 1024 * 1024);

    assertThatThrownBy(() -> GoogleOperationPoller.builder().maxResponseBytes(largest + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxResponseBytes must be at most 8388608 (8 MiB), the largest body"
            + " lro-poller's JSON parser reads: 8388609");
    assertThatThrownBy(() -> GoogleOperationPoller.builder().maxResponseBytes(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("reads: 2147483647");
  }

  /** The transport's highest cap and the parser's limit agree: a body of exactly that size parses. */
  @Test
  void aBodyOfTheLargestAcceptedSizeIsReadAndParsed() {
    int largest = GoogleOperationPoller.LARGEST_MAX_RESPONSE_BYTES;
    String padded = DONE_MODEL + " ".repeat(largest - DONE_MODEL.length());
    try (LoopbackServer api = LoopbackServer.json(padded)) {
      OperationPoller poller = GoogleOperationPoller.builder().endpoint(api.uri()).noCredentials()
          .maxResponseBytes(largest).build();

      Operation op = poller.get(NAME).block(SAFETY);

      assertThat(op.done()).isTrue();
      assertThat(op.name()).isEqualTo(NAME);
    }
  }

  /** One byte more is refused by the transport, which stops reading, not later by the parser. */
  @Test
  void aBodyOverTheLargestAcceptedSizeIsRefusedByTheTransport() {
    int largest = GoogleOperationPoller.LARGEST_MAX_RESPONSE_BYTES;
    String padded = DONE_MODEL + " ".repeat(largest + 1 - DONE_MODEL.length());
    try (LoopbackServer api = LoopbackServer.json(padded)) {
      OperationPoller poller = GoogleOperationPoller.builder().endpoint(api.uri()).noCredentials()
          .maxResponseBytes(largest).build();

      assertThatThrownBy(() -> poller.get(NAME).block(SAFETY))
          .isInstanceOf(UnexpectedResponseException.class)
          .hasMessageContaining("response body exceeds the 8388608-byte limit")
          .hasMessageNotContaining("parser");
    }
  }

  @Test
  void aUserHttpClientIsUsedWithOurSettingsOnTop() {
    try (LoopbackServer api =
        LoopbackServer.start(
            (r, res) -> res.status(302).header("Location", "http://127.0.0.1:1/elsewhere").send())) {
      HttpClient mine = HttpClient.create().followRedirect(true).headers(h -> h.set("X-Mine", "yes"));
      OperationPoller poller =
          GoogleOperationPoller.builder()
              .endpoint(api.uri())
              .noCredentials()
              .httpClient(mine)
              .scheduler(Schedulers.parallel())
              .build();

      assertThatThrownBy(() -> poller.get(NAME).block(SAFETY))
          .isInstanceOf(ApiCallException.class)
          .hasMessageContaining("redirect not followed")
          .hasMessageContaining("http://127.0.0.1:1/elsewhere");
      assertThat(api.only().header("X-Mine")).isEqualTo("yes");
      assertThat(api.only().header("Accept")).isEqualTo("application/json");
    }
  }

  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t).append('\n');
      for (Throwable s : t.getSuppressed()) {
        sb.append(s).append('\n');
      }
    }
    return sb.toString();
  }

  private static void assertNoSecrets(String... texts) {
    for (String text : texts) {
      assertThat(text).doesNotContain(TokenEndpoint.SECRET_PREFIX);
    }
  }
}
