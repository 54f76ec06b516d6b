package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.DeployedModel;
import dev.lropoller.model.Operation;
import dev.lropoller.model.ResponseType;
import dev.lropoller.model.VertexDataset;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Vertex AI long-running operations, whose names nest under their resource: every watch accepts
 * them, the typed responses read them, and age-aware resume reads their
 * {@code genericMetadata.createTime}.
 */
class VertexOperationsTest {
  private static final String TYPE = "type.googleapis.com/google.cloud.aiplatform.v1.";
  private static final String DEPLOY =
      "projects/123456789012/locations/us-central1/endpoints/4567890123456789012/operations/8901234567890123456";
  private static final String UPLOAD =
      "projects/123456789012/locations/us-central1/models/flowers/operations/6789012345678901234";
  private static final String DATASET = "projects/p/locations/europe-west4/datasets/9/operations/1";
  private static final String PIPELINE_OP =
      "projects/p/locations/asia-east1/trainingPipelines/77/operations/88";
  private final Fixture f = new Fixture();

  private static String running(String name, String metadataType, Instant created) {
    return "{\"name\":\"" + name + "\",\"metadata\":{\"@type\":\"" + TYPE + metadataType
        + "\",\"genericMetadata\":{\"createTime\":\"" + created + "\",\"updateTime\":\"" + created
        + "\"}}}";
  }

  private static String done(String name, String metadataType, String response) {
    return "{\"name\":\"" + name + "\",\"metadata\":{\"@type\":\"" + TYPE + metadataType
        + "\",\"genericMetadata\":{\"createTime\":\"2026-03-02T12:00:00Z\"}},\"done\":true,"
        + "\"response\":" + response + "}";
  }

  @Test
  void resultReadsUploadModelOnANameUnderItsModel() {
    f.fake.script(UPLOAD).body(running(UPLOAD, "UploadModelOperationMetadata", Instant.EPOCH))
        .body(done(UPLOAD, "UploadModelOperationMetadata", "{\"@type\":\"" + TYPE
            + "UploadModelResponse\",\"model\":\"projects/123456789012/locations/us-central1/models/flowers\","
            + "\"modelVersionId\":\"2\"}"));
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.result(UPLOAD, ResponseType.UPLOAD_MODEL))
        .thenAwait(Duration.ofSeconds(5))
        .assertNext(m -> {
          assertThat(m.modelId()).isEqualTo("flowers");
          assertThat(m.modelVersionId()).isEqualTo("2");
        })
        .verifyComplete();
    assertThat(f.fake.calls()).extracting(c -> c.name()).containsExactly(UPLOAD, UPLOAD);
  }

  @Test
  void pollStreamsADeployUnderItsEndpointAndResultReadsTheDeployedModel() {
    String response = "{\"@type\":\"" + TYPE + "DeployModelResponse\",\"deployedModel\":{"
        + "\"id\":\"7012345678\",\"model\":\"projects/123456789012/locations/us-central1/models/flowers\","
        + "\"modelVersionId\":\"1\"}}";
    f.fake.script(DEPLOY).body(running(DEPLOY, "DeployModelOperationMetadata", Instant.EPOCH))
        .body(done(DEPLOY, "DeployModelOperationMetadata", response));
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.poll(DEPLOY).map(Operation::done))
        .thenAwait(Duration.ofSeconds(5))
        .expectNext(false, true)
        .verifyComplete();
    f.verify(() -> poller.result(DEPLOY, ResponseType.DEPLOY_MODEL).map(DeployedModel::id))
        .expectNext("7012345678")
        .verifyComplete();
  }

  @Test
  void completionAndResultWorkOnADatasetOperation() {
    f.fake.script(DATASET).body(done(DATASET, "CreateDatasetOperationMetadata", "{\"@type\":\""
        + TYPE + "Dataset\",\"name\":\"projects/p/locations/europe-west4/datasets/9\","
        + "\"displayName\":\"flowers\"}"));
    f.fake.script(PIPELINE_OP).body("{\"name\":\"" + PIPELINE_OP + "\",\"done\":true}");
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.result(DATASET, ResponseType.VERTEX_DATASET).map(VertexDataset::displayName))
        .expectNext("flowers")
        .verifyComplete();
    f.verify(() -> poller.completion(PIPELINE_OP)).verifyComplete();
    assertThat(f.fake.calls()).extracting(c -> c.name()).containsExactly(DATASET, PIPELINE_OP);
  }

  @Test
  void completionEndsAVertexImportWhoseResponseIsAnEmptyMessage() {
    String importing = "projects/p/locations/us-central1/datasets/9/operations/2";
    f.fake.script(importing).body(done(importing, "ImportDataOperationMetadata",
        "{\"@type\":\"" + TYPE + "ImportDataResponse\"}"));
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.completion(importing)).verifyComplete();
  }

  @Test
  void modelPollsAVertexNameAndPointsToTheResponseTypeThatReadsIt() {
    f.fake.script(UPLOAD).body(done(UPLOAD, "UploadModelOperationMetadata", "{\"@type\":\"" + TYPE
        + "UploadModelResponse\",\"model\":\"projects/123456789012/locations/us-central1/models/flowers\"}"));
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.model(UPLOAD))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnexpectedResponseException.class)
            .hasMessageContaining("(read it with ResponseType.UPLOAD_MODEL)"))
        .verify();
    assertThat(f.fake.calls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo(UPLOAD));
  }

  @Test
  void aThreeHourOldVertexOperationResumedThroughGenericMetadataIsPolledAtTheMaximumInterval() {
    PollPolicy policy = Fixture.exact();
    f.fake.script(DEPLOY).body(running(DEPLOY, "DeployModelOperationMetadata",
        Instant.EPOCH.minus(Duration.ofHours(3))));
    OperationPoller poller = f.poller(policy);

    Disposable w = poller.poll(DEPLOY).subscribe();
    f.vts.advanceTimeBy(Duration.ofMinutes(3));

    List<Duration> times = f.getTimes();
    assertThat(times).startsWith(Duration.ZERO, policy.maxInterval(), policy.maxInterval().multipliedBy(2));
    assertThat(times).hasSize(5);
    w.dispose();
  }

  @Test
  void aJustCreatedVertexOperationStartsItsBackoffFromTheInitialInterval() {
    PollPolicy policy = Fixture.exact();
    f.fake.script(DEPLOY).body(running(DEPLOY, "DeployModelOperationMetadata", Instant.EPOCH));
    OperationPoller poller = f.poller(policy);

    Disposable w = poller.poll(DEPLOY).subscribe();
    f.vts.advanceTimeBy(Duration.ofSeconds(6));

    assertThat(f.getTimes()).containsExactly(Duration.ZERO, policy.initialInterval());
    w.dispose();
  }
}
