package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/**
 * Several locations on one emulator: each has a port of its own, the request log records which
 * authority a request reached, and a name sent to another location's endpoint fails.
 */
class VertexLocationsTest {
  private static final String US = "projects/p/locations/us-central1";
  private static final String EU = "projects/p/locations/europe-west4";

  @Test
  void eachLocationHasItsOwnPortAndTheLogShowsWhichOneARequestReached() {
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().location("us-central1").location("europe-west4").start()) {
      VertexControl vertex = emulator.vertex();
      assertThat(vertex.locations()).containsExactlyInAnyOrder("us-central1", "europe-west4");
      int usPort = vertex.locationUri("us-central1").getPort();
      int euPort = vertex.locationUri("europe-west4").getPort();
      assertThat(usPort).isNotIn(emulator.port(), euPort);

      TestHttp us = new TestHttp(vertex.locationUri("us-central1"));
      TestHttp eu = new TestHttp(vertex.locationUri("europe-west4"));
      String usJob = us.post("/v1/" + US + "/trainingPipelines", "{}").json().get("name").asText();
      String euJob = eu.post("/v1/" + EU + "/customJobs", "{}").json().get("name").asText();
      assertThat(us.get("/v1/" + usJob).status()).isEqualTo(200);
      assertThat(eu.get("/v1/" + euJob).status()).isEqualTo(200);
      // The main port serves every location.
      assertThat(new TestHttp(emulator).get("/v1/" + euJob).status()).isEqualTo(200);

      assertThat(emulator.requests()).extracting(RecordedRequest::authority).containsExactly(
          "127.0.0.1:" + usPort, "127.0.0.1:" + euPort, "127.0.0.1:" + usPort, "127.0.0.1:" + euPort,
          "127.0.0.1:" + emulator.port());
      assertThat(vertex.jobPollCount(usJob)).isEqualTo(1);
    }
  }

  @Test
  void aNameSentToAnotherLocationsEndpointFailsNamingBoth() {
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().location("us-central1").quotaPerMinute(100).start()) {
      String euJob = emulator.vertex().startJob(JobScript.builder(VertexJobKind.CUSTOM_JOB).parent(EU)
          .endsIn(JobState.SUCCEEDED).build());
      TestHttp.Resp r = new TestHttp(emulator.vertex().locationUri("us-central1")).get("/v1/" + euJob);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
      assertThat(r.json().at("/error/message").asText())
          .isEqualTo("Location \"europe-west4\" of the request does not match the location \"us-central1\" this endpoint serves.");
      assertThat(emulator.vertex().jobPollCount(euJob)).isZero();
      assertThat(emulator.requests()).singleElement().satisfies(rec -> assertThat(rec.status()).isEqualTo(400));
      assertThat(emulator.projectTraffic()).isEmpty();
    }
  }

  @Test
  void onTheMainPortAVertexHostNameSelectsItsLocation() {
    try (AutoMlEmulator emulator = AutoMlEmulator.start()) {
      String usJob = emulator.vertex().startJob(JobScript.builder(VertexJobKind.TUNING_JOB).parent(US)
          .endsIn(JobState.SUCCEEDED).build());
      TestHttp http = new TestHttp(emulator);
      assertThat(http.withHost("us-central1-aiplatform.googleapis.com").get("/v1/" + usJob).status()).isEqualTo(200);
      assertThat(http.withHost("europe-west4-aiplatform.googleapis.com:443").get("/v1/" + usJob).status()).isEqualTo(400);
      assertThat(http.withHost("aiplatform.googleapis.com").get("/v1/" + usJob).json().at("/error/message").asText())
          .contains("\"global\"");
      assertThat(emulator.requests()).extracting(RecordedRequest::authority).containsExactly(
          "us-central1-aiplatform.googleapis.com", "europe-west4-aiplatform.googleapis.com:443",
          "aiplatform.googleapis.com");
    }
  }

  @Test
  void overTlsAndH2TheAuthorityOfEachLocationIsRecorded() {
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().tls(true).location("us-central1")
        .location("europe-west4").location("global").start()) {
      for (String location : new String[] {"us-central1", "europe-west4", "global"}) {
        String name = emulator.vertex().startJob(JobScript.builder(VertexJobKind.BATCH_PREDICTION_JOB)
            .parent("projects/p/locations/" + location).endsIn(JobState.SUCCEEDED).build());
        Http2SslContextSpec tls = Http2SslContextSpec.forClient().configure(b -> b.trustManager(emulator.certificate()));
        String body = HttpClient.create().protocol(HttpProtocol.H2)
            .secure(s -> s.sslContext((reactor.netty.tcp.SslProvider.GenericSslContextSpec<?>) tls))
            .baseUrl(emulator.vertex().locationUri(location).toString())
            .get().uri("/v1/" + name).responseContent().aggregate().asString().block(Duration.ofSeconds(20));
        JsonNode job = new TestHttp.Resp(200, null, body).json();
        assertThat(job.get("state").asText()).isEqualTo("JOB_STATE_QUEUED");
      }
      assertThat(emulator.vertex().locationUri("global").getScheme()).isEqualTo("https");
      assertThat(emulator.http2Requests()).isEqualTo(3);
      assertThat(emulator.requests()).extracting(RecordedRequest::authority).containsExactly(
          "127.0.0.1:" + emulator.vertex().locationUri("us-central1").getPort(),
          "127.0.0.1:" + emulator.vertex().locationUri("europe-west4").getPort(),
          "127.0.0.1:" + emulator.vertex().locationUri("global").getPort());
    }
  }

  @Test
  void unknownLocationsAndBadNamesAreRefusedWithTheValueQuoted() {
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().location("us-central1").start()) {
      assertThatThrownBy(() -> emulator.vertex().locationUri("asia-east1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no listener for location \"asia-east1\"; this emulator has [us-central1] (see Builder.location)");
    }
    assertThatThrownBy(() -> AutoMlEmulator.builder().location("US Central"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"US Central\"");
  }
}
