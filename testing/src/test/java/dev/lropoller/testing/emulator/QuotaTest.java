package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-project quota, on a clock that moves only when the test says so. */
class QuotaTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final AutoMlEmulator emulator = AutoMlEmulator.builder().clock(clock)
      .quotaPerMinute(3).quotaPerMinute("roomy", 5).statsRoute(true).start();
  private final TestHttp http = new TestHttp(emulator);
  private final String a = start("projects/a/locations/us-central1");
  private final String b = start("projects/b/locations/us-central1");
  private final String roomy = start("projects/roomy/locations/us-central1");

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void theQuotaHoldsAndTheRejectionIsGooglesQuotaError() {
    assertThat(statuses(a, 3)).containsExactly(200, 200, 200);
    clock.advance(Duration.ofSeconds(10));
    TestHttp.Resp r = http.op(a);

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.headers().get("Retry-After")).isEqualTo("50");
    JsonNode e = r.json().get("error");
    assertThat(e.get("code").asInt()).isEqualTo(429);
    assertThat(e.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(e.get("message").asText()).startsWith("Quota exceeded for quota metric 'Operation requests'")
        .contains("for consumer 'projects/a'");
    assertThat(e.at("/details/0/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
    assertThat(e.at("/details/0/reason").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
    assertThat(e.at("/details/0/domain").asText()).isEqualTo("googleapis.com");
    assertThat(e.at("/details/0/metadata/quota_limit_value").asText()).isEqualTo("3");
    assertThat(e.at("/details/0/metadata/consumer").asText()).isEqualTo("projects/a");
    assertThat(e.at("/details/1/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.QuotaFailure");
    assertThat(e.at("/details/1/violations/0/subject").asText()).isEqualTo("projects/a");
    assertThat(e.at("/details/2/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
    assertThat(e.at("/details/2/retryDelay").asText()).isEqualTo("50s");
    // The rejected poll never reached the operation, and no fault was injected.
    assertThat(emulator.pollCount(a)).isEqualTo(3);
    assertThat(emulator.faultsInjected()).isZero();
  }

  @Test
  void retryAfterIsTheWholeSecondsUntilTheWindowHasRoomAndRejectionsDoNotCount() {
    assertThat(statuses(a, 1)).containsExactly(200);
    clock.advance(Duration.ofMillis(20_500));
    assertThat(statuses(a, 2)).containsExactly(200, 200);
    clock.advance(Duration.ofMillis(9_500));
    assertThat(retryAfter(a)).isEqualTo("30");
    clock.advance(Duration.ofMillis(29_999));
    // 1 ms left: rounded up, and never 0.
    assertThat(retryAfter(a)).isEqualTo("1");
    for (int i = 0; i < 20; i++) {
      assertThat(http.op(a).status()).isEqualTo(429);
    }
    clock.advance(Duration.ofMillis(1));
    // The first request is 60 s old: room for exactly one, although 22 were rejected meanwhile.
    assertThat(statuses(a, 1)).containsExactly(200);
    // The next room comes when the requests of 20.5 s leave: 20.5 s from now.
    assertThat(retryAfter(a)).isEqualTo("21");
    clock.advance(Duration.ofMillis(20_500));
    assertThat(statuses(a, 3)).containsExactly(200, 200, 429);
    assertThat(emulator.projectTraffic().get("a"))
        .isEqualTo(new ProjectTraffic("a", 3, 30, 24, 27));
  }

  @Test
  void projectsAreIsolatedAndMayHaveTheirOwnQuota() {
    assertThat(statuses(a, 4)).containsExactly(200, 200, 200, 429);
    assertThat(statuses(b, 3)).containsExactly(200, 200, 200);
    assertThat(statuses(roomy, 6)).containsExactly(200, 200, 200, 200, 200, 429);
    assertThat(http.op(b).status()).isEqualTo(429);
    // Every route under the project counts: an RPC and a list, not only polls.
    assertThat(http.post("/v1/projects/c/locations/l/models", "{}").status()).isEqualTo(200);
    assertThat(http.get("/v1/projects/c/locations/l/operations").status()).isEqualTo(200);
    assertThat(http.post("/v1/projects/c/locations/l/datasets/d1:importData", "{}").status()).isEqualTo(200);
    assertThat(http.post("/v1/projects/c/locations/l/models", "{}").status()).isEqualTo(429);
    // A path outside projects/ is not counted.
    assertThat(http.get("/v1/elsewhere/x/operations/1").status()).isEqualTo(404);
    assertThat(emulator.projectTraffic()).containsOnlyKeys("a", "b", "c", "roomy");
  }

  @Test
  void rejectionsAreCountedPerProjectAndServedOnTheStatsRoute() {
    statuses(a, 5);
    statuses(b, 4);
    statuses(roomy, 2);
    assertThat(emulator.quotaRejections()).isEqualTo(3);
    assertThat(emulator.projectTraffic().values()).containsExactly(
        new ProjectTraffic("a", 3, 5, 2, 5),
        new ProjectTraffic("b", 3, 4, 1, 4),
        new ProjectTraffic("roomy", 5, 2, 0, 2));
    emulator.resetLog();
    assertThat(emulator.quotaRejections()).isEqualTo(3);

    JsonNode stats = http.get(AutoMlEmulator.STATS_PATH).json();
    assertThat(stats.get("quotaRejections").asLong()).isEqualTo(3);
    assertThat(stats.at("/projects/a/quotaRejections").asLong()).isEqualTo(2);
    assertThat(stats.at("/projects/a/peakArrivalsPerMinute").asInt()).isEqualTo(5);
    assertThat(stats.at("/projects/roomy/quotaPerMinute").asInt()).isEqualTo(5);
    assertThat(stats.at("/projects/b/requests").asLong()).isEqualTo(4);
  }

  @Test
  void peakArrivalsIsTheBusiestSixtySecondWindow() {
    statuses(roomy, 2);
    clock.advance(Duration.ofSeconds(59));
    statuses(roomy, 2);
    clock.advance(Duration.ofSeconds(1));
    // The first two have left the window (3 in it now); the busiest window held 4.
    statuses(roomy, 1);
    assertThat(emulator.projectTraffic().get("roomy").peakArrivalsPerMinute()).isEqualTo(4);
  }

  @Test
  void unauthenticatedRequestsAreNotCharged() {
    try (AutoMlEmulator strict = AutoMlEmulator.builder().clock(clock).quotaPerMinute(1)
        .acceptedTokens(java.util.Set.of("good")).start()) {
      String op = strict.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA)
          .parent("projects/s/locations/l").neverDone().build());
      TestHttp anonymous = new TestHttp(strict);
      assertThat(anonymous.op(op).status()).isEqualTo(401);
      assertThat(anonymous.withToken("good").op(op).status()).isEqualTo(200);
      assertThat(anonymous.withToken("good").op(op).status()).isEqualTo(429);
      assertThat(strict.projectTraffic().get("s").requests()).isEqualTo(2);
    }
  }

  @Test
  void withoutAQuotaNothingIsCounted() {
    try (AutoMlEmulator plain = AutoMlEmulator.builder().clock(clock).start()) {
      String op = plain.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA).neverDone().build());
      TestHttp h = new TestHttp(plain);
      for (int i = 0; i < 5; i++) {
        assertThat(h.op(op).status()).isEqualTo(200);
      }
      assertThat(plain.quotaRejections()).isZero();
      assertThat(plain.projectTraffic()).isEmpty();
    }
  }

  @Test
  void badQuotasAreRejectedQuotingTheValue() {
    assertThatThrownBy(() -> AutoMlEmulator.builder().quotaPerMinute(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("quotaPerMinute must be >= 1, got 0");
    assertThatThrownBy(() -> AutoMlEmulator.builder().quotaPerMinute("p", -5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("quotaPerMinute must be >= 1, got -5");
    assertThatThrownBy(() -> AutoMlEmulator.builder().quotaPerMinute("a/b", 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("project must be one name segment such as \"my-project\", got \"a/b\"");
  }

  @Test
  void projectOfReadsTheSegmentAfterProjects() {
    assertThat(ProjectQuotas.projectOf("/v1/projects/p1/locations/l/operations/1")).isEqualTo("p1");
    assertThat(ProjectQuotas.projectOf("/v1/projects/123")).isEqualTo("123");
    assertThat(ProjectQuotas.projectOf("/v1/projects/")).isNull();
    assertThat(ProjectQuotas.projectOf("/v1/locations/l/operations/1")).isNull();
    assertThat(ProjectQuotas.projectOf("/_emulator/stats")).isNull();
  }

  private List<Integer> statuses(String name, int n) {
    Integer[] out = new Integer[n];
    for (int i = 0; i < n; i++) {
      out[i] = http.op(name).status();
    }
    return List.of(out);
  }

  private String retryAfter(String name) {
    TestHttp.Resp r = http.op(name);
    assertThat(r.status()).isEqualTo(429);
    return r.headers().get("Retry-After");
  }

  private String start(String parent) {
    return emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA).parent(parent).neverDone().build());
  }
}
