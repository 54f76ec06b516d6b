package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The quota per project and location, as Vertex AI counts it, on a clock that moves only when the
 * test says so; and today's faults on Vertex routes.
 */
class VertexQuotaTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String US = "projects/p/locations/us-central1";
  private static final String EU = "projects/p/locations/europe-west4";

  private final MutableClock clock = new MutableClock(T0);
  private final AutoMlEmulator emulator = AutoMlEmulator.builder().clock(clock).quotaPerMinute(2)
      .quotaPerLocation(true).quotaPerMinute("p", "asia-east1", 3).statsRoute(true).start();
  private final TestHttp http = new TestHttp(emulator);

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void eachLocationOfAProjectHasItsOwnQuotaAndTheRejectionNamesTheRegion() {
    String us = job(US);
    String eu = job(EU);
    assertThat(statuses(us, 2)).containsExactly(200, 200);
    clock.advance(Duration.ofSeconds(15));
    TestHttp.Resp r = http.get("/v1/" + us);
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.headers().get("Retry-After")).isEqualTo("45");
    JsonNode e = r.json().get("error");
    assertThat(e.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(e.get("message").asText()).contains("'aiplatform.googleapis.com'", "region 'us-central1'");
    assertThat(e.at("/details/0/metadata/quota_location").asText()).isEqualTo("us-central1");
    assertThat(e.at("/details/0/metadata/quota_limit_value").asText()).isEqualTo("2");
    assertThat(e.at("/details/2/retryDelay").asText()).isEqualTo("45s");

    // The same project in another region is untouched by us-central1's 429.
    assertThat(statuses(eu, 2)).containsExactly(200, 200);
    assertThat(statuses(eu, 1)).containsExactly(429);
    clock.advance(Duration.ofSeconds(45));
    assertThat(statuses(us, 1)).containsExactly(200);
    assertThat(emulator.vertex().jobPollCount(us)).isEqualTo(3);

    assertThat(emulator.vertex().locationTraffic()).containsExactly(
        new LocationTraffic("p", "europe-west4", 2, 3, 1, 3),
        new LocationTraffic("p", "us-central1", 2, 4, 1, 3));
    assertThat(emulator.quotaRejections()).isEqualTo(2);
    assertThat(emulator.projectTraffic()).isEmpty();
    assertThat(http.get(AutoMlEmulator.STATS_PATH).body())
        .contains("\"locations\":[{\"project\":\"p\",\"location\":\"europe-west4\",\"quotaPerMinute\":2");
  }

  @Test
  void aProjectAndLocationOverrideAppliesToThatLocationOnly() {
    String asia = job("projects/p/locations/asia-east1");
    String other = job("projects/q/locations/asia-east1");
    assertThat(statuses(asia, 4)).containsExactly(200, 200, 200, 429);
    assertThat(statuses(other, 3)).containsExactly(200, 200, 429);
  }

  @Test
  void faultsHitVertexJobPollsAndOperationsToo() {
    try (AutoMlEmulator plain = AutoMlEmulator.start()) {
      TestHttp h = new TestHttp(plain);
      String us = plain.vertex().startJob(JobScript.builder(VertexJobKind.CUSTOM_JOB).parent(US).last(JobState.RUNNING).build());
      String op = plain.vertex().startOperation(VertexOperationScript.builder(VertexRpc.UPLOAD_MODEL, US + "/models/m").build());
      plain.faults().next(Fault.status(503)).next(Fault.connectionReset());
      assertThat(h.get("/v1/" + us).status()).isEqualTo(503);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.get("/v1/" + op)).isInstanceOf(RuntimeException.class);
      assertThat(h.get("/v1/" + us).status()).isEqualTo(200);
      assertThat(plain.vertex().jobPollCount(us)).isEqualTo(1);
      assertThat(plain.pollCount(op)).isZero();
      assertThat(plain.faultsInjected()).isEqualTo(2);
      // Creating a job is not a poll: faults reach it only with allRoutes.
      plain.faults().next(Fault.status(500));
      assertThat(h.post("/v1/" + EU + "/customJobs", "{}").status()).isEqualTo(200);
      plain.faults().clear().allRoutes(true).next(Fault.status(500));
      assertThat(h.post("/v1/" + EU + "/customJobs", "{}").status()).isEqualTo(500);
    }
  }

  private String job(String parent) {
    return emulator.vertex().startJob(JobScript.builder(VertexJobKind.CUSTOM_JOB).parent(parent)
        .last(JobState.RUNNING).build());
  }

  private List<Integer> statuses(String name, int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(http.get("/v1/" + name).status());
    }
    return out;
  }
}
