package dev.lropoller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lropoller.error.UnexpectedResponseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseTypeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String OP = "projects/p/locations/us-central1/operations/ICN1";

  private static Operation done(String response) {
    return Operation.parse("{\"name\": \"" + OP + "\", \"done\": true"
        + (response == null ? "" : ", \"response\": " + response) + "}");
  }

  private static String any(String type, String fields) {
    return "{\"@type\": \"type.googleapis.com/" + type + "\"" + (fields.isEmpty() ? "" : ", " + fields) + "}";
  }

  @Test
  void modelGivesEveryField() {
    ModelRef m = ResponseType.MODEL.read(Operation.parse(Resources.bytes("wire-model-done.json")));

    assertThat(m.name()).isEqualTo("projects/p/locations/us-central1/models/ICN123");
    assertThat(m.project()).isEqualTo("p");
    assertThat(m.location()).isEqualTo("us-central1");
    assertThat(m.modelId()).isEqualTo("ICN123");
    assertThat(m.displayName()).isEqualTo("flowers_v1");
    assertThat(m.datasetId()).isEqualTo("ICN456");
    assertThat(m.deploymentState()).isEqualTo("DEPLOYED");
    assertThat(m.createTime()).contains(Instant.parse("2019-07-22T18:35:06.5Z"));
    assertThat(m.labels()).containsExactly(Map.entry("team", "vision"), Map.entry("env_name", "prod"));
    assertThat(m.json().get("imageClassificationModelMetadata").get("trainBudgetMilliNodeHours").asText())
        .isEqualTo("8000");
    assertThat(m).hasToString("ModelRef{projects/p/locations/us-central1/models/ICN123 (flowers_v1), DEPLOYED}");
  }

  @Test
  void seedModelHasDefaultsForAbsentFields() {
    ModelRef m = ResponseType.MODEL.read(Operation.parse(Resources.bytes("seed-create-model-done.json")));

    assertThat(m.project()).isEqualTo("project-id");
    assertThat(m.modelId()).isEqualTo("model-id");
    assertThat(m.displayName()).isEmpty();
    assertThat(m.datasetId()).isEmpty();
    assertThat(m.deploymentState()).isEqualTo("DEPLOYMENT_STATE_UNSPECIFIED");
    assertThat(m.createTime()).isEmpty();
    assertThat(m.labels()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"0,DEPLOYMENT_STATE_UNSPECIFIED", "1,DEPLOYED", "2,UNDEPLOYED", "7,7",
      "'\"UNDEPLOYED\"',UNDEPLOYED", "'\"NEW_STATE\"',NEW_STATE"})
  void deploymentStateAsNameOrNumber(String json, String expected) {
    Operation op = done(any("google.cloud.automl.v1.Model",
        "\"name\": \"projects/1/locations/eu/models/m\", \"deployment_state\": " + json
            + ", \"display_name\": \"snake\", \"dataset_id\": \"d\", \"create_time\": \"2020-01-01T00:00:00Z\""));
    ModelRef m = ResponseType.MODEL.read(op);

    assertThat(m.deploymentState()).isEqualTo(expected);
    assertThat(m.displayName()).isEqualTo("snake");
    assertThat(m.datasetId()).isEqualTo("d");
    assertThat(m.createTime()).contains(Instant.parse("2020-01-01T00:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "models/m", "projects/p/locations/l/datasets/d",
      "projects//locations/l/models/m", "projects/p/locations/l/models/m/versions/1",
      "projects/p/locations/l/models/"})
  void modelNameMustMatchThePattern(String name) {
    Operation op = done(any("google.cloud.automl.v1.Model", "\"name\": \"" + name + "\""));

    assertThatThrownBy(() -> ResponseType.MODEL.read(op))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("projects/*/locations/*/models/*")
        .hasMessageContaining("\"" + name + "\"")
        .satisfies(e -> assertThat(((UnexpectedResponseException) e).operationName()).isEqualTo(OP));
  }

  @Test
  void dataset() {
    DatasetRef d = ResponseType.DATASET.read(done(any("google.cloud.automl.v1.Dataset",
        "\"name\": \"projects/p/locations/us-central1/datasets/ICN456\", \"displayName\": \"flowers\","
            + " \"description\": \"five kinds\", \"exampleCount\": \"3670\","
            + " \"createTime\": \"2019-07-22T18:35:06.000000001Z\", \"etag\": \"x\"")));

    assertThat(d.name()).isEqualTo("projects/p/locations/us-central1/datasets/ICN456");
    assertThat(d.project()).isEqualTo("p");
    assertThat(d.location()).isEqualTo("us-central1");
    assertThat(d.datasetId()).isEqualTo("ICN456");
    assertThat(d.displayName()).isEqualTo("flowers");
    assertThat(d.description()).isEqualTo("five kinds");
    assertThat(d.exampleCount()).isEqualTo(3670L);
    assertThat(d.createTime()).contains(Instant.parse("2019-07-22T18:35:06.000000001Z"));
    assertThat(d.json().get("etag").asText()).isEqualTo("x");
    assertThat(d.toString()).contains("ICN456").contains("3670 examples");
  }

  @Test
  void exampleCountAsNumberAndAbsent() {
    DatasetRef d = DatasetRef.fromJson(json("{\"name\": \"projects/p/locations/l/datasets/d\", \"example_count\": 12}"));
    assertThat(d.exampleCount()).isEqualTo(12L);
    assertThat(DatasetRef.fromJson(json("{\"name\": \"projects/p/locations/l/datasets/d\"}")).exampleCount()).isZero();
  }

  @Test
  void batchPredictResult() {
    BatchPredictResult r = ResponseType.BATCH_PREDICT_RESULT.read(
        Operation.parse(Resources.bytes("snake-case-batch-predict.json")));

    assertThat(r.metadata()).containsExactly(Map.entry("k", "v"));
    assertThat(ResponseType.BATCH_PREDICT_RESULT.read(
        done(any("google.cloud.automl.v1.BatchPredictResult", ""))).metadata()).isEmpty();
  }

  @Test
  void emptyAcceptsEmptyWithOrWithoutValueAndNoResponse() {
    assertThat(ResponseType.EMPTY.read(done(any("google.protobuf.Empty", "")))).isNull();
    assertThat(ResponseType.EMPTY.read(done(any("google.protobuf.Empty", "\"value\": {}")))).isNull();
    assertThat(ResponseType.EMPTY.read(done(null))).isNull();
    assertThat(ResponseType.EMPTY.read(Operation.parse(Resources.bytes("seed-import-done.json")))).isNull();
    assertThat(ResponseType.EMPTY.requiresBody()).isFalse();
  }

  @Test
  void typesThatNeedABodyRejectDoneWithoutResponse() {
    for (ResponseType<?> t : List.of(ResponseType.MODEL, ResponseType.DATASET,
        ResponseType.BATCH_PREDICT_RESULT, ResponseType.JSON, ResponseType.of("x.Y", JsonNode.class))) {
      assertThat(t.requiresBody()).isTrue();
      assertThatThrownBy(() -> t.read(done(null)))
          .isInstanceOf(UnexpectedResponseException.class)
          .hasMessageContaining("done without a response")
          .hasMessageContaining(OP);
    }
  }

  @Test
  void wrongTypeNamesBothTypes() {
    Operation importDone = Operation.parse(Resources.bytes("seed-import-done.json"));
    assertThatThrownBy(() -> ResponseType.MODEL.read(importDone))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("google.cloud.automl.v1.Model")
        .hasMessageContaining("google.protobuf.Empty");

    Operation modelDone = Operation.parse(Resources.bytes("wire-model-done.json"));
    assertThatThrownBy(() -> ResponseType.EMPTY.read(modelDone))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("expected a response of @type google.protobuf.Empty, got @type google.cloud.automl.v1.Model");

    assertThatThrownBy(() -> ResponseType.MODEL.read(done("{\"name\": \"projects/p/locations/l/models/m\"}")))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("google.cloud.automl.v1.Model")
        .hasMessageContaining("without @type");
  }

  @Test
  void jsonAcceptsAnyTypeAndGivesTheObjectAsSent() {
    JsonNode r = ResponseType.JSON.read(Operation.parse(Resources.bytes("wire-model-done.json")));

    assertThat(r.get("@type").asText()).isEqualTo("type.googleapis.com/google.cloud.automl.v1.Model");
    assertThat(ResponseType.JSON.typeName()).isEqualTo("*");
    assertThat(ResponseType.JSON.read(done("{\"x\": 1}")).get("x").asInt()).isEqualTo(1);
  }

  @Test
  void readRejectsErrorAndRunningOperations() {
    Operation failed = Operation.parse(Resources.bytes("done-with-error.json"));
    Operation running = Operation.parse(Resources.bytes("seed-create-model-started.json"));

    assertThatThrownBy(() -> ResponseType.EMPTY.read(failed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FAILED_PRECONDITION");
    assertThatThrownBy(() -> ResponseType.MODEL.read(running)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not done");
    assertThatThrownBy(() -> ResponseType.MODEL.read(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void constantsTypeNames() {
    assertThat(ResponseType.MODEL.typeName()).isEqualTo("google.cloud.automl.v1.Model");
    assertThat(ResponseType.DATASET.typeName()).isEqualTo("google.cloud.automl.v1.Dataset");
    assertThat(ResponseType.EMPTY.typeName()).isEqualTo("google.protobuf.Empty");
    assertThat(ResponseType.BATCH_PREDICT_RESULT.typeName()).isEqualTo("google.cloud.automl.v1.BatchPredictResult");
    assertThat(ResponseType.MODEL).hasToString("ResponseType{google.cloud.automl.v1.Model -> ModelRef}");
  }

  // --- custom types

  /** A record bound by Jackson: camelCase, snake_case and int64 strings. */
  record Endpoint(String name, String displayName, long trafficSplit, List<String> deployedModels) {}

  /** A classic bean. */
  static final class Bean {
    private String displayName;
    private int exampleCount;

    public void setDisplayName(String v) {
      displayName = v;
    }

    public void setExampleCount(int v) {
      exampleCount = v;
    }
  }

  @Test
  void customByClassBindsRecordsIgnoringUnknownAndTakingSnakeCase() {
    ResponseType<Endpoint> type = ResponseType.of("google.cloud.aiplatform.v1.Endpoint", Endpoint.class);
    Endpoint e = type.read(done(any("google.cloud.aiplatform.v1.Endpoint",
        "\"name\": \"projects/p/locations/l/endpoints/1\", \"display_name\": \"ep\","
            + " \"trafficSplit\": \"8000\", \"deployed_models\": [\"a\", \"b\"], \"newField\": {}")));

    assertThat(e).isEqualTo(new Endpoint("projects/p/locations/l/endpoints/1", "ep", 8000L, List.of("a", "b")));
    assertThat(type.typeName()).isEqualTo("google.cloud.aiplatform.v1.Endpoint");
    assertThat(type.requiresBody()).isTrue();
    assertThat(type).isEqualTo(ResponseType.of("google.cloud.aiplatform.v1.Endpoint", Endpoint.class));
    assertThat(type).hasToString("ResponseType{google.cloud.aiplatform.v1.Endpoint -> Endpoint}");
  }

  @Test
  void customByClassBindsBeansWithSnakeCase() {
    Bean b = ResponseType.of("x.Bean", Bean.class)
        .read(done(any("x.Bean", "\"display_name\": \"n\", \"example_count\": \"5\"")));

    assertThat(b.displayName).isEqualTo("n");
    assertThat(b.exampleCount).isEqualTo(5);
  }

  @Test
  void customByClassReportsBindingFailures() {
    ResponseType<Bean> type = ResponseType.of("x.Bean", Bean.class);

    assertThatThrownBy(() -> type.read(done(any("x.Bean", "\"exampleCount\": \"many\""))))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining(OP)
        .hasMessageContaining("x.Bean")
        .hasMessageContaining("many");
  }

  @Test
  void wellKnownTypeValueIsUnwrapped() {
    String s = ResponseType.of("google.protobuf.StringValue", String.class)
        .read(done(any("google.protobuf.StringValue", "\"value\": \"hello\"")));
    assertThat(s).isEqualTo("hello");
  }

  @Test
  void customByFunction() {
    Function<JsonNode, String> mapper = n -> n.path("uri").asText();
    ResponseType<String> type = ResponseType.of("type.googleapis.com/x.v1.Export", mapper);

    assertThat(type.typeName()).isEqualTo("x.v1.Export");
    assertThat(type.read(done(any("x.v1.Export", "\"uri\": \"gs://b/o\"")))).isEqualTo("gs://b/o");
    assertThat(type).isEqualTo(ResponseType.of("x.v1.Export", mapper))
        .isNotEqualTo(ResponseType.of("x.v1.Export", n -> "other"));
  }

  @Test
  void customFunctionFailuresBecomeUnexpectedResponse() {
    ResponseType<String> type = ResponseType.of("x.T", n -> {
      throw new IllegalStateException("boom");
    });

    assertThatThrownBy(() -> type.read(done(any("x.T", ""))))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("boom")
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void factoryArgumentsAreValidated() {
    assertThatThrownBy(() -> ResponseType.of(null, String.class)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("typeName");
    assertThatThrownBy(() -> ResponseType.of("x.T", (Class<String>) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ResponseType.of("x.T", (Function<JsonNode, String>) null))
        .isInstanceOf(NullPointerException.class);
    for (String bad : new String[] {"", "  ", "type.googleapis.com/", "google.cloud Model", "a\tb"}) {
      assertThatThrownBy(() -> ResponseType.of(bad, String.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("typeName")
          .hasMessageContaining("\"" + bad.replace('\t', '?') + "\"");
    }
  }

  private static JsonNode json(String s) {
    try {
      return MAPPER.readTree(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
