package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lropoller.model.BatchPredictResult;
import dev.lropoller.model.DatasetRef;
import dev.lropoller.model.ModelRef;
import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcCode;
import dev.lropoller.model.RpcStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Both modules write each model type as the ProtoJSON it came from. */
class JacksonModulesTest {
  private static final ObjectMapper TREES = new ObjectMapper();
  private static final String OPERATION = "{\"name\":\"projects/p/locations/l/operations/ICN1\","
      + "\"metadata\":{\"@type\":\"type.googleapis.com/google.cloud.automl.v1.OperationMetadata\","
      + "\"progressPercent\":100,\"createTime\":\"2026-01-01T00:00:00Z\"},\"done\":true,"
      + "\"response\":{\"@type\":\"type.googleapis.com/google.cloud.automl.v1.Model\","
      + "\"name\":\"projects/p/locations/l/models/ICN9\",\"displayName\":\"flowers\","
      + "\"labels\":{\"team\":\"a\"},\"exampleCount\":\"12345678901234\",\"ratio\":0.25}}";
  private static final String DATASET =
      "{\"name\":\"projects/p/locations/l/datasets/TBL1\",\"exampleCount\":42,\"displayName\":\"d\"}";
  private static final String BATCH = "{\"metadata\":{\"k\":\"v\"}}";

  private final JsonMapper jackson3 = JsonMapper.builder().addModule(new LroPollerJacksonModule()).build();
  private final ObjectMapper jackson2 = new ObjectMapper().registerModule(new LroPollerJackson2Module());

  @Test
  void jackson3WritesProtoJson() throws Exception {
    Operation op = Operation.parse(OPERATION);
    assertThat(TREES.readTree(jackson3.writeValueAsString(op))).isEqualTo(TREES.readTree(OPERATION));
    assertThat(TREES.readTree(jackson3.writeValueAsString(model(op))))
        .isEqualTo(TREES.readTree(OPERATION).get("response"));
    assertThat(TREES.readTree(jackson3.writeValueAsString(DatasetRef.fromJson(TREES.readTree(DATASET)))))
        .isEqualTo(TREES.readTree(DATASET));
    assertThat(jackson3.writeValueAsString(BatchPredictResult.fromJson(TREES.readTree(BATCH))))
        .isEqualTo(BATCH);
    assertThat(jackson3.writeValueAsString(op.metadata()))
        .isEqualTo(TREES.readTree(OPERATION).get("metadata").toString());
  }

  @Test
  void jackson2WritesProtoJson() throws Exception {
    Operation op = Operation.parse(OPERATION);
    assertThat(TREES.readTree(jackson2.writeValueAsString(op))).isEqualTo(TREES.readTree(OPERATION));
    assertThat(TREES.readTree(jackson2.writeValueAsString(model(op))))
        .isEqualTo(TREES.readTree(OPERATION).get("response"));
    assertThat(jackson2.writeValueAsString(BatchPredictResult.fromJson(TREES.readTree(BATCH))))
        .isEqualTo(BATCH);
  }

  @Test
  void rpcStatusIsTheGoogleRpcStatusShape() throws Exception {
    JsonNode detail = TREES.readTree(
        "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"QUOTA\"}");
    RpcStatus status = RpcStatus.of(RpcCode.RESOURCE_EXHAUSTED, "slow down", List.of(detail));
    String expected = "{\"code\":8,\"message\":\"slow down\",\"details\":[" + detail + "]}";
    assertThat(jackson3.writeValueAsString(status)).isEqualTo(expected);
    assertThat(jackson2.writeValueAsString(status)).isEqualTo(expected);
    assertThat(jackson3.writeValueAsString(RpcStatus.of(RpcCode.OK, ""))).isEqualTo("{\"code\":0}");
  }

  @Test
  void withoutTheModuleJackson3LosesTheData() {
    // What a Boot 4 controller answered before the starter: the types have no bean getters.
    JsonMapper plain = JsonMapper.builder()
        .disable(tools.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
    assertThat(plain.writeValueAsString(model(Operation.parse(OPERATION)))).isEqualTo("{}");
  }

  private static ModelRef model(Operation op) {
    return ModelRef.fromJson(op.response().orElseThrow());
  }
}
