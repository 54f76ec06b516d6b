package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.longrunning.OperationTimedPollAlgorithm;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.automl.v1.AutoMlClient;
import com.google.cloud.automl.v1.AutoMlSettings;
import com.google.cloud.automl.v1.DatasetName;
import com.google.cloud.automl.v1.GcsSource;
import com.google.cloud.automl.v1.InputConfig;
import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcCode;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's caveat, shown: gax 2.63 over HTTP/JSON cannot read an operation {@code error}
 * whose {@code details} hold a type it has no descriptor for, such as {@code google.rpc.BadRequest}.
 * The emulator's JSON is a valid {@code google.rpc.Status}, and lro-poller reads it.
 */
class GaxErrorDetailsCaveatTest {
  private static final InputConfig INPUT = InputConfig.newBuilder()
      .setGcsSource(GcsSource.newBuilder().addInputUris("gs://bucket/train.csv"))
      .build();

  @Test
  void aBadRequestDetailFailsGaxsFutureWithCannotResolveType() throws Exception {
    OperationScript failing = OperationScript.builder(AutoMlRpc.IMPORT_DATA)
        .failure(3, "Invalid CSV at line 7", StatusDetails.badRequest("inputConfig", "line 7 has 3 columns"))
        .doneAfterPolls(1)
        .build();
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().defaultScript(failing).start()) {
      Throwable gax = importWithGax(emulator);
      assertThat(gax).isInstanceOf(ExecutionException.class);
      assertThat(chain(gax)).contains("Cannot resolve type: type.googleapis.com/google.rpc.BadRequest");
      assertThat(chain(gax)).doesNotContain("Invalid CSV at line 7");

      String name = emulator.requests().get(1).path().substring("/v1/".length());
      Operation op = Operation.parse(new TestHttp(emulator).op(name).body());
      assertThat(op.error()).hasValueSatisfying(status -> {
        assertThat(status.code()).isEqualTo(RpcCode.INVALID_ARGUMENT);
        assertThat(status.message()).isEqualTo("Invalid CSV at line 7");
        assertThat(status.details()).singleElement()
            .satisfies(d -> assertThat(d.get("@type").asText()).isEqualTo("type.googleapis.com/google.rpc.BadRequest"));
      });
    }
  }

  @Test
  void withoutDetailsGaxReadsTheSameError() throws Exception {
    OperationScript failing = OperationScript.builder(AutoMlRpc.IMPORT_DATA)
        .failure(3, "Invalid CSV at line 7")
        .doneAfterPolls(1)
        .build();
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().defaultScript(failing).start()) {
      Throwable gax = importWithGax(emulator);
      assertThat(gax).isInstanceOf(ExecutionException.class);
      assertThat(chain(gax)).contains("Invalid CSV at line 7").doesNotContain("Cannot resolve type");
    }
  }

  private static Throwable importWithGax(AutoMlEmulator emulator) throws Exception {
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
    settings.importDataOperationSettings().setPollingAlgorithm(OperationTimedPollAlgorithm.create(fastPolling));
    AutoMlClient client = AutoMlClient.create(settings.build());
    try {
      var future = client.importDataAsync(DatasetName.of("demo-project", "us-central1", "ICN456"), INPUT);
      return catchThrowable(() -> future.get(20, TimeUnit.SECONDS));
    } finally {
      client.close();
      client.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Every message of the cause chain, one per line. */
  private static String chain(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
    }
    return b.toString();
  }
}
