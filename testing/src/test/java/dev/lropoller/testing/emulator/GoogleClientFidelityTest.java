package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.longrunning.OperationTimedPollAlgorithm;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.automl.v1.AutoMlClient;
import com.google.cloud.automl.v1.AutoMlSettings;
import com.google.cloud.automl.v1.DatasetName;
import com.google.cloud.automl.v1.GcsSource;
import com.google.cloud.automl.v1.ImageClassificationModelMetadata;
import com.google.cloud.automl.v1.InputConfig;
import com.google.cloud.automl.v1.LocationName;
import com.google.cloud.automl.v1.Model;
import com.google.cloud.automl.v1.OperationMetadata;
import com.google.protobuf.Empty;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Google's own AutoML client (gax HTTP/JSON) drives the emulator: its JSON must satisfy it. */
class GoogleClientFidelityTest {
  private AutoMlEmulator emulator;
  private AutoMlClient client;

  @BeforeEach
  void start() throws Exception {
    emulator = AutoMlEmulator.builder()
        .defaultScript(OperationScript.builder(AutoMlRpc.CREATE_MODEL).doneAfterPolls(2).build())
        .start();
    RetrySettings fastPolling = RetrySettings.newBuilder()
        .setInitialRetryDelayDuration(Duration.ofMillis(10))
        .setRetryDelayMultiplier(1.0)
        .setMaxRetryDelayDuration(Duration.ofMillis(10))
        .setInitialRpcTimeoutDuration(Duration.ZERO)
        .setRpcTimeoutMultiplier(1.0)
        .setMaxRpcTimeoutDuration(Duration.ZERO)
        .setTotalTimeoutDuration(Duration.ofSeconds(20))
        .build();
    AutoMlSettings.Builder settings = AutoMlSettings.newHttpJsonBuilder()
        .setCredentialsProvider(NoCredentialsProvider.create())
        .setEndpoint(emulator.baseUri().toString());
    settings.createModelOperationSettings().setPollingAlgorithm(OperationTimedPollAlgorithm.create(fastPolling));
    settings.importDataOperationSettings().setPollingAlgorithm(OperationTimedPollAlgorithm.create(fastPolling));
    client = AutoMlClient.create(settings.build());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    client.awaitTermination(5, TimeUnit.SECONDS);
    emulator.close();
  }

  @Test
  void createModelCompletesWithTheModel() throws Exception {
    Model request = Model.newBuilder()
        .setDisplayName("flowers_v1")
        .setDatasetId("ICN456")
        .setImageClassificationModelMetadata(
            ImageClassificationModelMetadata.newBuilder().setTrainBudgetMilliNodeHours(8000))
        .build();
    var future = client.createModelAsync(LocationName.of("demo-project", "us-central1"), request);
    Model model = future.get(20, TimeUnit.SECONDS);

    assertThat(model.getName()).matches("projects/demo-project/locations/us-central1/models/ICN\\d+");
    assertThat(model.getDisplayName()).isEqualTo("flowers_v1");
    assertThat(model.getDatasetId()).isEqualTo("ICN456");
    assertThat(model.getDeploymentState()).isEqualTo(Model.DeploymentState.DEPLOYED);
    assertThat(model.getImageClassificationModelMetadata().getTrainBudgetMilliNodeHours()).isEqualTo(8000);
    OperationMetadata md = future.peekMetadata().get(5, TimeUnit.SECONDS);
    assertThat(md.hasCreateModelDetails()).isTrue();
    assertThat(emulator.pollCount(future.getName())).isEqualTo(2);
    assertThat(emulator.requests()).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.tokenPresent()).isFalse();
    });
    // gax percent-encodes the '=' of enum-encoding=int, and its operation polls send no query.
    assertThat(emulator.requests().get(0).query()).isEqualTo("$alt=json;enum-encoding%3Dint");
    assertThat(emulator.requests()).extracting(RecordedRequest::method).containsExactly("POST", "GET", "GET");
  }

  @Test
  void importDataCompletes() throws Exception {
    InputConfig input = InputConfig.newBuilder()
        .setGcsSource(GcsSource.newBuilder().addInputUris("gs://bucket/train.csv"))
        .build();
    var future = client.importDataAsync(DatasetName.of("demo-project", "us-central1", "ICN456"), input);
    Empty result = future.get(20, TimeUnit.SECONDS);

    assertThat(result).isEqualTo(Empty.getDefaultInstance());
    assertThat(future.isDone()).isTrue();
    assertThat(future.getMetadata().get(5, TimeUnit.SECONDS).hasImportDataDetails()).isTrue();
    assertThat(emulator.requests().get(0).path())
        .isEqualTo("/v1/projects/demo-project/locations/us-central1/datasets/ICN456:importData");
  }
}
