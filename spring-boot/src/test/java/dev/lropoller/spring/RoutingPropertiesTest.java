package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.OperationPoller;
import dev.lropoller.model.Operation;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.RecordedRequest;
import dev.lropoller.testing.emulator.VertexOperationScript;
import dev.lropoller.testing.emulator.VertexRpc;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;

/** {@code lropoller.routing.*} and {@code lropoller.budget-key} reach the poller, and bad mixes fail startup. */
class RoutingPropertiesTest {
  private static final Duration SAFETY = Duration.ofSeconds(20);
  private static AutoMlEmulator emulator;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(LroPollerAutoConfiguration.class))
      .withPropertyValues("lropoller.credentials.enabled=false", "lropoller.poll.initial-interval=10ms",
          "lropoller.poll.max-interval=10ms", "lropoller.poll.jitter=0");

  @BeforeAll
  static void start() {
    emulator = AutoMlEmulator.builder().location("us-central1").location("europe-west4").start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static String override(String location) {
    return "lropoller.routing.location-endpoints." + location + "=" + emulator.vertex().locationUri(location);
  }

  private static String deploy(String location) {
    return emulator.vertex().startOperation(VertexOperationScript.builder(VertexRpc.DEPLOY_MODEL,
        "projects/p/locations/" + location + "/endpoints/7").doneAfterPolls(2).build());
  }

  @Test
  void vertexRoutingSendsEachNameToItsLocationsEndpointAndBudgetsPerLocation() {
    runner.withPropertyValues("lropoller.routing.service=vertex-ai", override("us-central1"),
        override("europe-west4"), "lropoller.max-requests-per-minute=600").run(context -> {
          OperationPoller poller = context.getBean(OperationPoller.class);
          assertThat(poller.toString()).contains("maxRequestsPerMinute=600, per project and location");
          emulator.resetLog();
          List<String> names = List.of(deploy("us-central1"), deploy("europe-west4"));

          List<Operation> done = Flux.fromIterable(names).flatMap(poller::poll).filter(Operation::done)
              .collectList().block(SAFETY);

          assertThat(done).extracting(Operation::name).containsExactlyInAnyOrderElementsOf(names);
          List<RecordedRequest> requests = emulator.requests();
          assertThat(requests).hasSize(4);
          for (RecordedRequest r : requests) {
            String location = r.path().contains("/europe-west4/") ? "europe-west4" : "us-central1";
            assertThat(r.authority()).as(r.path())
                .isEqualTo("127.0.0.1:" + emulator.vertex().locationUri(location).getPort());
          }
        });
  }

  @Test
  void aLocationWithoutAnEndpointFailsTheCallNamingItBeforeAnyRequest() {
    runner.withPropertyValues("lropoller.routing.service=automl").run(context -> {
      emulator.resetLog();
      OperationPoller poller = context.getBean(OperationPoller.class);
      assertThatThrownBy(() -> poller.get("projects/p/locations/asia-east1/operations/1").block(SAFETY))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asia-east1");
      assertThat(emulator.requests()).isEmpty();
    });
  }

  @Test
  void budgetKeyOverridesTheServicesKey() {
    runner.withPropertyValues("lropoller.routing.service=vertex-ai", "lropoller.budget-key=project",
        "lropoller.max-requests-per-minute=300").run(context -> assertThat(
            context.getBean(OperationPoller.class).toString())
        .contains("maxRequestsPerMinute=300").doesNotContain("per project and location"));
  }

  @Test
  void endpointAndServiceTogetherFailStartupNamingBoth() {
    runner.withPropertyValues("lropoller.routing.service=vertex-ai",
        "lropoller.endpoint=https://us-central1-aiplatform.googleapis.com").run(context -> {
          assertThat(context).hasFailed();
          assertThat(rootCause(context.getStartupFailure()))
              .isInstanceOf(InvalidConfigurationPropertyValueException.class)
              .hasMessageContaining("lropoller.endpoint")
              .hasMessageContaining("https://us-central1-aiplatform.googleapis.com")
              .hasMessageContaining("lropoller.routing.service=VERTEX_AI");
        });
  }

  @Test
  void locationEndpointsWithoutAServiceFailStartup() {
    runner.withPropertyValues("lropoller.routing.location-endpoints.eu=https://10.0.0.5").run(context -> {
      assertThat(context).hasFailed();
      assertThat(rootCause(context.getStartupFailure()))
          .hasMessageContaining("lropoller.routing.location-endpoints")
          .hasMessageContaining("eu")
          .hasMessageContaining("lropoller.routing.service");
    });
  }

  @Test
  void aBadLocationEndpointFailsStartupNamingIt() {
    runner.withPropertyValues("lropoller.routing.service=vertex-ai",
        "lropoller.routing.location-endpoints.us-central1=ftp://10.0.0.5").run(context -> {
          assertThat(context).hasFailed();
          assertThat(rootCause(context.getStartupFailure()))
              .hasMessageContaining("lropoller.routing.location-endpoints.us-central1")
              .hasMessageContaining("ftp://10.0.0.5");
        });
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }
}
