package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;
import reactor.test.StepVerifier;

class FaultsTest {
  private final AutoMlEmulator emulator = AutoMlEmulator.start();
  private final TestHttp http = new TestHttp(emulator);
  private final String name = emulator.startOperation(
      OperationScript.builder(AutoMlRpc.CREATE_MODEL).doneAfterPolls(100).build());

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void statusFaultsAnswerAip193AndDoNotReachTheOperation() {
    emulator.faults().next(Fault.status(500)).next(Fault.status(502)).next(Fault.status(503)).next(Fault.status(504));
    assertThat(List.of(http.op(name), http.op(name), http.op(name), http.op(name)))
        .extracting(r -> r.status() + " " + r.json().at("/error/status").asText())
        .containsExactly("500 INTERNAL", "502 UNAVAILABLE", "503 UNAVAILABLE", "504 DEADLINE_EXCEEDED");
    assertThat(emulator.pollCount(name)).isZero();
    assertThat(http.op(name).status()).isEqualTo(200);
    assertThat(emulator.pollCount(name)).isEqualTo(1);
    assertThat(emulator.faultsInjected()).isEqualTo(4);
    assertThat(emulator.requests()).extracting(r -> r.injectedFault().isPresent())
        .containsExactly(true, true, true, true, false);
    assertThat(emulator.requests().get(2).fault()).hasToString("status 503");
  }

  @Test
  void tooManyRequestsCarriesRetryAfterAndRetryInfo() {
    emulator.faults().next(Fault.tooManyRequests(Duration.ofMillis(1500)));
    TestHttp.Resp r = http.op(name);
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.headers().get("Retry-After")).isEqualTo("2");
    JsonNode e = r.json().get("error");
    assertThat(e.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(e.at("/details/1/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
    assertThat(e.at("/details/1/retryDelay").asText()).isEqualTo("1.500s");
  }

  @Test
  void latencyDelaysTheNormalAnswer() {
    emulator.faults().next(Fault.latency(Duration.ofMillis(40)));
    long t0 = System.nanoTime();
    TestHttp.Resp r = http.op(name);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
    assertThat(r.status()).isEqualTo(200);
    assertThat(emulator.pollCount(name)).isEqualTo(1);
    assertThat(emulator.requests().get(0).fault().type()).isEqualTo(Fault.Type.LATENCY);
  }

  @Test
  void connectionResetIsAConnectionError() {
    emulator.faults().next(Fault.connectionReset());
    StepVerifier.create(http.call("GET", "/v1/" + name, null))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfAny(PrematureCloseException.class, java.io.IOException.class))
        .verify(TestHttp.SAFETY);
    assertThat(emulator.requests().get(0).status()).isZero();
    assertThat(http.op(name).status()).isEqualTo(200);
  }

  @Test
  void truncatedBodyIsAPrematureClose() {
    emulator.faults().next(Fault.truncatedBody());
    StepVerifier.create(http.call("GET", "/v1/" + name, null))
        .expectError(PrematureCloseException.class)
        .verify(TestHttp.SAFETY);
    assertThat(http.op(name).status()).isEqualTo(200);
  }

  @Test
  void htmlBodyComesAsTextHtml() {
    emulator.faults().next(Fault.htmlBody());
    TestHttp.Resp r = http.op(name);
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.headers().get("Content-Type")).startsWith("text/html");
    assertThat(r.body()).contains("<html").contains("502");
  }

  @Test
  void oversizedBodyIsValidJsonOfTheRequestedSize() {
    emulator.faults().next(Fault.oversizedBody()).next(Fault.oversizedBody(4096));
    TestHttp.Resp big = http.op(name);
    assertThat(big.status()).isEqualTo(200);
    assertThat(big.headers().get("Content-Length")).isEqualTo(Integer.toString(5 * 1024 * 1024));
    assertThat(big.body()).hasSize(5 * 1024 * 1024);
    assertThat(big.json().get("name").asText()).isEqualTo(name);
    TestHttp.Resp small = http.op(name);
    assertThat(small.body()).hasSize(4096);
    assertThat(small.json().at("/metadata/createModelDetails").isObject()).isTrue();
  }

  @Test
  void faultsApplyToPollsOnlyUnlessAllRoutes() {
    emulator.faults().next(2, Fault.status(503));
    assertThat(http.post("/v1/projects/p/locations/l/models", "{}").status()).isEqualTo(200);
    emulator.faults().allRoutes(true);
    assertThat(http.post("/v1/projects/p/locations/l/models", "{}").status()).isEqualTo(503);
    assertThat(emulator.faults().pending()).isEqualTo(1);
    emulator.faults().clear();
    assertThat(http.op(name).status()).isEqualTo(200);
  }

  @Test
  void seededRatesAreReproducible() {
    List<Integer> first = statuses(emulator, http);
    try (AutoMlEmulator other = AutoMlEmulator.start()) {
      TestHttp otherHttp = new TestHttp(other);
      List<Integer> second = statuses(other, otherHttp);
      assertThat(second).isEqualTo(first);
    }
    assertThat(first).contains(503, 200);
    assertThat(emulator.faultsInjected()).isBetween(10L, 50L);
    emulator.resetLog();
    assertThat(emulator.requestCount()).isZero();
    assertThat(emulator.requests()).isEmpty();
  }

  private static List<Integer> statuses(AutoMlEmulator e, TestHttp h) {
    String op = e.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA).neverDone().build());
    e.faults().seed(42).rate(0.3, Fault.status(503));
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      out.add(h.op(op).status());
    }
    return out;
  }
}
