package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.httpjson.InstantiatingHttpJsonChannelProvider;
import com.google.api.gax.httpjson.longrunning.OperationsClient;
import com.google.api.gax.httpjson.longrunning.stub.HttpJsonOperationsCallableFactory;
import com.google.api.gax.httpjson.longrunning.stub.HttpJsonOperationsStub;
import com.google.api.gax.httpjson.longrunning.stub.OperationsStubSettings;
import com.google.api.gax.rpc.ClientContext;
import com.google.cloud.aiplatform.v1.DeployModelOperationMetadata;
import com.google.cloud.aiplatform.v1.DeployModelResponse;
import com.google.cloud.aiplatform.v1.DeploymentStage;
import com.google.longrunning.Operation;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * gax-httpjson's own {@code OperationsClient} (Google's REST LRO client, from the aiplatform
 * dependency tree) reads a Vertex operation nested under an endpoint to {@code done} on the
 * emulator, over loopback, and unpacks its typed response and metadata.
 */
class VertexGaxOperationsClientTest {
  private static final String ENDPOINT = "projects/123456789012/locations/us-central1/endpoints/4567890123456789012";

  @Test
  void readsADeployModelOperationToDoneWithItsTypedResponse() throws Exception {
    try (AutoMlEmulator emulator = AutoMlEmulator.start()) {
      String name = emulator.vertex().startOperation(
          VertexOperationScript.builder(VertexRpc.DEPLOY_MODEL, ENDPOINT).doneAfterPolls(3).build());
      OperationsStubSettings settings = OperationsStubSettings.newBuilder()
          .setTransportChannelProvider(InstantiatingHttpJsonChannelProvider.newBuilder()
              .setEndpoint(emulator.baseUri().toString()).build())
          .setCredentialsProvider(NoCredentialsProvider.create())
          .build();
      HttpJsonOperationsStub stub = HttpJsonOperationsStub.create(
          ClientContext.create(settings), new HttpJsonOperationsCallableFactory(), VertexProto.TYPES);
      OperationsClient client = OperationsClient.create(stub);
      try {
        Operation op = client.getOperation(name);
        int polls = 1;
        while (!op.getDone() && polls < 10) {
          assertThat(op.getMetadata().unpack(DeployModelOperationMetadata.class).getDeploymentStage())
              .isEqualTo(DeploymentStage.STARTING_MODEL_SERVER);
          op = client.getOperation(name);
          polls++;
        }
        assertThat(op.getDone()).isTrue();
        assertThat(polls).isEqualTo(3);
        assertThat(op.getName()).isEqualTo(name);
        DeployModelResponse response = op.getResponse().unpack(DeployModelResponse.class);
        assertThat(response.getDeployedModel().getModelVersionId()).isEqualTo("1");
        assertThat(response.getDeployedModel().getModel())
            .isEqualTo("projects/123456789012/locations/us-central1/models/emulated-model");
        DeployModelOperationMetadata md = op.getMetadata().unpack(DeployModelOperationMetadata.class);
        assertThat(md.getDeploymentStage()).isEqualTo(DeploymentStage.SUCCESSFULLY_DEPLOYED);
        assertThat(md.getGenericMetadata().getUpdateTime().getSeconds())
            .isGreaterThanOrEqualTo(md.getGenericMetadata().getCreateTime().getSeconds());
      } finally {
        client.close();
        client.awaitTermination(5, TimeUnit.SECONDS);
      }
      assertThat(emulator.pollCount(name)).isEqualTo(3);
      assertThat(emulator.requests()).allSatisfy(r -> {
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/v1/" + name);
        assertThat(r.status()).isEqualTo(200);
      });
    }
  }
}
