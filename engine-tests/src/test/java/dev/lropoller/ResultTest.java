package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.OperationCancelledException;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.ResponseType;
import dev.lropoller.model.RpcCode;
import dev.lropoller.model.RpcStatus;
import dev.lropoller.testing.OperationJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultTest {
  private final Fixture f = new Fixture();
  private final OperationPoller poller = f.poller(Fixture.exact());

  @Test
  void aFailedOperationIsEmittedByPollButFailsTheTypedResult() {
    f.fake.script(Fixture.NAME).running(50).body(OperationJson.doneWithError(Fixture.NAME, 3,
        "Invalid CSV at line 7",
        "{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\",\"fieldViolations\":"
            + "[{\"field\":\"input_config\",\"description\":\"line 7\"}]}"));

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofSeconds(5))
        .assertNext(op -> assertThat(op.error()).isPresent())
        .verifyComplete();

    f.verify(() -> poller.completion(Fixture.NAME))
        .thenAwait(Duration.ofSeconds(5))
        .expectErrorSatisfies(e -> {
          assertThat(e).isExactlyInstanceOf(OperationFailedException.class)
              .hasMessageContaining("Invalid CSV at line 7");
          RpcStatus status = ((OperationFailedException) e).status();
          assertThat(status.code()).isEqualTo(RpcCode.INVALID_ARGUMENT);
          assertThat(status.message()).isEqualTo("Invalid CSV at line 7");
          assertThat(status.details()).hasSize(1);
          assertThat(status.details().get(0).path("fieldViolations").get(0).path("field").asText())
              .isEqualTo("input_config");
          assertThat(((OperationFailedException) e).operation().done()).isTrue();
        })
        .verify();
  }

  @Test
  void codeOneIsOperationCancelled() {
    f.fake.script(Fixture.NAME).doneWithError(1, "Operation cancelled by the user");

    f.verify(() -> poller.model(Fixture.NAME))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(OperationCancelledException.class);
          assertThat(((OperationCancelledException) e).status().code()).isEqualTo(RpcCode.CANCELLED);
        })
        .verify();
  }

  @Test
  void anEmptyResponseCompletesCompletion() {
    f.fake.script(Fixture.NAME).running(10).doneEmpty();

    f.verify(() -> poller.completion(Fixture.NAME))
        .thenAwait(Duration.ofSeconds(5))
        .verifyComplete();
  }

  @Test
  void aModelResponseGivesEveryModelRefField() {
    f.fake.script(Fixture.NAME).running(10).doneWithModel("flowers_v1");

    f.verify(() -> poller.model(Fixture.NAME))
        .thenAwait(Duration.ofSeconds(5))
        .assertNext(model -> {
          assertThat(model.name()).isEqualTo("projects/p/locations/us-central1/models/ICN123");
          assertThat(model.project()).isEqualTo("p");
          assertThat(model.location()).isEqualTo("us-central1");
          assertThat(model.modelId()).isEqualTo("ICN123");
          assertThat(model.displayName()).isEqualTo("flowers_v1");
          assertThat(model.datasetId()).isEqualTo("ICN456");
          assertThat(model.deploymentState()).isEqualTo("DEPLOYED");
        })
        .verifyComplete();
  }

  @Test
  void theWrongTypeNamesBothTypes() {
    f.fake.script(Fixture.NAME).doneEmpty();

    f.verify(() -> poller.model(Fixture.NAME))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnexpectedResponseException.class)
            .hasMessageContaining("google.cloud.automl.v1.Model")
            .hasMessageContaining("google.protobuf.Empty"))
        .verify();
  }

  @Test
  void doneWithNeitherErrorNorResponseIsFineForEmptyOnly() {
    f.fake.script(Fixture.NAME).body(OperationJson.doneBare(Fixture.NAME));

    f.verify(() -> poller.completion(Fixture.NAME)).verifyComplete();
    f.verify(() -> poller.model(Fixture.NAME))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnexpectedResponseException.class)
            .hasMessageContaining("google.cloud.automl.v1.Model"))
        .verify();
  }

  @Test
  void aCustomResponseTypeReadsItsType() {
    f.fake.script(Fixture.NAME).body(OperationJson.doneWith(Fixture.NAME,
        "google.cloud.automl.v1.Dataset",
        "\"name\":\"projects/p/locations/us-central1/datasets/TRL9\",\"exampleCount\":\"1200\""));

    f.verify(() -> poller.result(Fixture.NAME, ResponseType.DATASET))
        .assertNext(d -> {
          assertThat(d.datasetId()).isEqualTo("TRL9");
          assertThat(d.exampleCount()).isEqualTo(1200L);
        })
        .verifyComplete();
    f.verify(() -> poller.result(Fixture.NAME,
            ResponseType.of("google.cloud.automl.v1.Dataset", n -> n.path("exampleCount").asLong())))
        .expectNext(1200L)
        .verifyComplete();
  }
}
