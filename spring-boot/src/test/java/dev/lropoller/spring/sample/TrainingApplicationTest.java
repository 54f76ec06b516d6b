package dev.lropoller.spring.sample;

// README: test
import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.spring.OperationEvents;
import dev.lropoller.spring.test.AutoConfigureOperationEmulator;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The README's sample application on a random port against the emulator, checked over HTTP with
 * {@link WebTestClient}: SSE progress, the model, the operation, failures and their statuses.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoint.health.show-details=always",
      "management.endpoints.web.exposure.include=health,metrics"
    })
@AutoConfigureOperationEmulator
@ExtendWith(OutputCaptureExtension.class)
class TrainingApplicationTest {
  private static final String PARENT = "projects/my-project/locations/us-central1";
  private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT =
      new ParameterizedTypeReference<>() {};

  @Autowired AutoMlEmulator emulator;
  @LocalServerPort int port;
  WebTestClient client;

  @BeforeEach
  void client() {
    client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(20)).build();
  }

  private String training(OperationScript.Builder script) {
    String name = emulator.startOperation(script.parent(PARENT).build());
    return name.substring(name.lastIndexOf('/') + 1);
  }

  @Test
  void streamsTypedProgressEventsUntilDone() {
    String id = training(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .displayName("flowers_v1").doneAfterPolls(4));

    List<ServerSentEvent<Map<String, Object>>> events = client.get()
        .uri("/trainings/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus().isOk()
        .returnResult(EVENT).getResponseBody()
        .collectList().block(Duration.ofSeconds(20));

    assertThat(events).extracting(ServerSentEvent::event)
        .containsExactly("progress", "progress", "progress", "done");
    assertThat(events.subList(0, 3)).extracting(e -> e.data().get("progressPercent"))
        .containsExactly(25, 50, 75);
    Map<String, Object> done = events.get(3).data();
    assertThat(done).containsEntry("done", true);
    assertThat(done.get("name")).isEqualTo(PARENT + "/operations/" + id);
    @SuppressWarnings("unchecked")
    Map<String, Object> model = (Map<String, Object>) done.get("response");
    assertThat(model).containsEntry("displayName", "flowers_v1");
  }
  // README: end

  @Test
  void answersTheModelAsItsJson() {
    String id = training(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .displayName("flowers_v2").doneAfterPolls(3));

    client.get().uri("/trainings/{id}/model", id).exchange()
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.displayName").isEqualTo("flowers_v2")
        .jsonPath("$.name").value(name -> assertThat((String) name)
            .startsWith(PARENT + "/models/"))
        .jsonPath("$['@type']").isEqualTo("type.googleapis.com/google.cloud.automl.v1.Model");
  }

  @Test
  void recordsMeters(@Autowired MeterRegistry registry) {
    String id = training(OperationScript.builder(AutoMlRpc.CREATE_MODEL).doneAfterPolls(3));
    double donePolls = count(registry, "lropoller.polls", "done");
    double doneWatches = count(registry, "lropoller.watches.ended", "done");

    client.get().uri("/trainings/{id}/model", id).exchange().expectStatus().isOk();

    assertThat(count(registry, "lropoller.polls", "done")).isEqualTo(donePolls + 1);
    assertThat(count(registry, "lropoller.polls", "running")).isGreaterThanOrEqualTo(2);
    assertThat(count(registry, "lropoller.watches.ended", "done")).isEqualTo(doneWatches + 1);
    assertThat(registry.get("lropoller.poll.latency").timers())
        .anySatisfy(t -> assertThat(t.count()).isPositive());
    client.get().uri("/actuator/metrics/lropoller.polls").exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.name").isEqualTo("lropoller.polls");
  }

  private static double count(MeterRegistry registry, String name, String outcome) {
    return registry.find(name).tag("outcome", outcome).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  @Test
  void answersTheOperationAsItsJson() {
    String id = training(OperationScript.builder(AutoMlRpc.CREATE_MODEL).doneAfterPolls(5));

    client.get().uri("/trainings/{id}", id).exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.name").isEqualTo(PARENT + "/operations/" + id)
        .jsonPath("$.metadata.progressPercent").isEqualTo(20)
        .jsonPath("$.metadata['@type']")
        .isEqualTo("type.googleapis.com/google.cloud.automl.v1.OperationMetadata");
  }

  @Test
  void aFailedTrainingIsAFailedEventAnd422(CapturedOutput output) {
    String id = training(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .failure(9, "Training budget exhausted").doneAfterPolls(2));

    List<ServerSentEvent<Map<String, Object>>> events = client.get()
        .uri("/trainings/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM)
        .exchange().returnResult(EVENT).getResponseBody()
        .collectList().block(Duration.ofSeconds(20));
    assertThat(events).extracting(ServerSentEvent::event)
        .containsExactly(OperationEvents.PROGRESS, OperationEvents.FAILED);
    assertThat(events.get(1).data())
        .containsEntry("code", 9).containsEntry("message", "Training budget exhausted");

    client.get().uri("/trainings/{id}/model", id).exchange()
        .expectStatus().isEqualTo(422)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status").isEqualTo(422)
        .jsonPath("$.title").isEqualTo("Operation failed")
        .jsonPath("$.rpcCode").isEqualTo("FAILED_PRECONDITION")
        .jsonPath("$.rpcMessage").isEqualTo("Training budget exhausted")
        .jsonPath("$.operation").isEqualTo(PARENT + "/operations/" + id);

    List<String> lines = output.getAll().lines()
        .filter(l -> l.contains("422 Operation failed") && l.contains(id)).toList();
    assertThat(lines).hasSize(1).allMatch(l -> l.contains("WARN"));
    assertThat(output.getAll()).doesNotContain("\tat dev.lropoller");
  }

  @Test
  void aCancelledTrainingIsACancelledEventAnd409(@Autowired OperationPoller poller) {
    String id = training(OperationScript.builder(AutoMlRpc.CREATE_MODEL).neverDone());
    poller.cancel(PARENT + "/operations/" + id).block(Duration.ofSeconds(10));

    client.get().uri("/trainings/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM)
        .exchange().returnResult(EVENT).getResponseBody()
        .as(flux -> flux.map(ServerSentEvent::event).collectList())
        .as(list -> assertThat(list.block(Duration.ofSeconds(20)))
            .containsExactly(OperationEvents.CANCELLED));
    client.get().uri("/trainings/{id}/model", id).exchange()
        .expectStatus().isEqualTo(409)
        .expectBody().jsonPath("$.rpcCode").isEqualTo("CANCELLED");
  }

  @Test
  void anUnknownTrainingIs404AndAMalformedIdIs400() {
    client.get().uri("/trainings/{id}/model", "ICN0000000000000000404").exchange()
        .expectStatus().isNotFound()
        .expectBody().jsonPath("$.title").isEqualTo("Operation not found");
    client.get().uri("/trainings/{id}/model", "bad id").exchange()
        .expectStatus().isBadRequest()
        .expectBody()
        .jsonPath("$.title").isEqualTo("Malformed operation name")
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("bad id"));
    client.get().uri("/trainings/{id}/events", "bad id").exchange()
        .expectStatus().isBadRequest();
  }

  @Test
  void healthReportsThePoller() {
    client.get().uri("/actuator/health").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.components.lroPoller.status").isEqualTo("UP")
        .jsonPath("$.components.lroPoller.details.state").isEqualTo("open")
        .jsonPath("$.components.lroPoller.details.activeWatches").isNumber();
  }
}
