package dev.lropoller.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.spring.OperationEvents;
import dev.lropoller.spring.test.OperationEmulatorConfiguration;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.ConnectableFlux;
import reactor.test.StepVerifier;

/**
 * Closing the application while an SSE stream is open: the poller closes before the web server's
 * graceful shutdown (on by default, 30 s) starts waiting, so the stream ends at once with an
 * {@code error} event whose status is 503, and the server has nothing left to wait for. Uses
 * only what Boot 3 and 4 share, so {@code spring-boot-boot35-tests} runs it on Boot 3.5 as well.
 */
class TrainingShutdownTest {
  private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT =
      new ParameterizedTypeReference<>() {};

  @Test
  void closingTheContextClosesThePollerAndEndsOpenStreamsWithAnErrorEvent() {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TrainingApplication.class, OperationEmulatorConfiguration.class)
            .properties("server.port=0", "server.address=127.0.0.1",
                "lropoller.credentials.enabled=false",
                "management.endpoint.health.show-details=always",
                "spring.lifecycle.timeout-per-shutdown-phase=30s")
            .run();
    OperationPoller poller = context.getBean(OperationPoller.class);
    AutoMlEmulator emulator = context.getBean(AutoMlEmulator.class);
    String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .parent("projects/my-project/locations/us-central1").neverDone().build());
    int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(20)).build();

    ConnectableFlux<ServerSentEvent<Map<String, Object>>> events = client.get()
        .uri("/trainings/{id}/events", name.substring(name.lastIndexOf('/') + 1))
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange().expectStatus().isOk()
        .returnResult(EVENT).getResponseBody()
        .replay();
    events.connect();

    // The stream is open and polling: wait for its first event, then shut down.
    assertThat(events.next().block(Duration.ofSeconds(10)).event())
        .isEqualTo(OperationEvents.PROGRESS);
    client.get().uri("/actuator/health").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.components.lroPoller.status").isEqualTo("UP")
        .jsonPath("$.components.lroPoller.details.state").isEqualTo("open")
        .jsonPath("$.components.lroPoller.details.activeWatches").isEqualTo(1);
    context.close();

    assertThat(poller.isClosed()).isTrue();
    // Everything below was already received before close() returned: with the stream still
    // open, the graceful shutdown would have waited its 30 s and then cut the connection
    // without an error event.
    StepVerifier.create(events)
        .thenConsumeWhile(e -> OperationEvents.PROGRESS.equals(e.event()))
        .assertNext(e -> {
          assertThat(e.event()).isEqualTo(OperationEvents.ERROR);
          assertThat(e.data()).containsEntry("status", 503).containsEntry("title", "Shutting down");
        })
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }
}
