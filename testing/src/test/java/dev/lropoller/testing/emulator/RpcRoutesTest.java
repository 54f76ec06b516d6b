package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RpcRoutesTest {
  private static final String P = "/v1/projects/p1/locations/us-central1";
  private static AutoMlEmulator emulator;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    emulator = AutoMlEmulator.start();
    http = new TestHttp(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static Stream<Arguments> rpcs() {
    String out = "{\"outputConfig\":{\"gcsDestination\":{\"outputUriPrefix\":\"gs://b/out\"}}}";
    return Stream.of(
        Arguments.of("POST", P + "/datasets", "{\"displayName\":\"ds\",\"imageClassificationDatasetMetadata\":{\"classificationType\":\"MULTILABEL\"}}",
            "createDatasetDetails", "google.cloud.automl.v1.Dataset"),
        Arguments.of("DELETE", P + "/datasets/ICN1", null, "deleteDetails", "google.protobuf.Empty"),
        Arguments.of("POST", P + "/datasets/ICN1:importData", "{\"inputConfig\":{\"gcsSource\":{\"inputUris\":[\"gs://b/a.csv\"]}}}",
            "importDataDetails", "google.protobuf.Empty"),
        Arguments.of("POST", P + "/datasets/ICN1:exportData", out, "exportDataDetails", "google.protobuf.Empty"),
        Arguments.of("POST", P + "/models", "{\"displayName\":\"m\",\"datasetId\":\"ICN1\"}", "createModelDetails",
            "google.cloud.automl.v1.Model"),
        Arguments.of("DELETE", P + "/models/ICN2", null, "deleteDetails", "google.protobuf.Empty"),
        Arguments.of("POST", P + "/models/ICN2:deploy", "{}", "deployModelDetails", "google.protobuf.Empty"),
        Arguments.of("POST", P + "/models/ICN2:undeploy", "{}", "undeployModelDetails", "google.protobuf.Empty"),
        Arguments.of("POST", P + "/models/ICN2:export", out, "exportModelDetails", "google.protobuf.Empty"),
        Arguments.of("POST", P + "/models/ICN2:batchPredict",
            "{\"inputConfig\":{\"gcsSource\":{\"inputUris\":[\"gs://b/in.csv\"]}}," + out.substring(1),
            "batchPredictDetails", "google.cloud.automl.v1.BatchPredictResult"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("rpcs")
  void eachRpcStartsAnOperationThatEndsWithItsResponseType(
      String method, String path, String body, String detailsKey, String responseType) {
    TestHttp.Resp started = http.call(method, path, body).block(TestHttp.SAFETY);
    assertThat(started.status()).isEqualTo(200);
    JsonNode op = started.json();
    String name = op.get("name").asText();
    assertThat(name).matches("projects/p1/locations/us-central1/operations/ICN\\d{19}");
    assertThat(op.has("done")).isFalse();
    assertThat(op.has("response")).isFalse();
    JsonNode md = op.get("metadata");
    assertThat(md.get("@type").asText()).isEqualTo("type.googleapis.com/google.cloud.automl.v1.OperationMetadata");
    assertThat(md.get(detailsKey).isObject()).isTrue();
    assertThat(md.get("createTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(md.get("updateTime").asText()).isNotEmpty();
    if (detailsKey.startsWith("export") || detailsKey.startsWith("batch")) {
      assertThat(md.at("/" + detailsKey + "/outputInfo/gcsOutputDirectory").asText()).startsWith("gs://b/out/");
    }

    assertThat(http.op(name).json().path("done").asBoolean()).isFalse();
    assertThat(http.op(name).json().path("done").asBoolean()).isFalse();
    JsonNode done = http.op(name).json();
    assertThat(done.get("done").asBoolean()).isTrue();
    assertThat(done.at("/response/@type").asText()).isEqualTo("type.googleapis.com/" + responseType);
    assertThat(done.at("/metadata/progressPercent").asInt()).isEqualTo(100);
    assertThat(emulator.pollCount(name)).isEqualTo(3);
  }

  @Test
  void createdModelEchoesRequestUnderTheSameParent() {
    String name = http.post(P + "/models",
        "{\"displayName\":\"flowers\",\"datasetId\":\"ICN77\",\"imageClassificationModelMetadata\":{\"trainBudgetMilliNodeHours\":8000}}")
        .json().get("name").asText();
    emulator.markDone(name);
    JsonNode model = http.op(name).json().get("response");
    assertThat(model.get("name").asText()).matches("projects/p1/locations/us-central1/models/ICN\\d+");
    assertThat(model.get("displayName").asText()).isEqualTo("flowers");
    assertThat(model.get("datasetId").asText()).isEqualTo("ICN77");
    assertThat(model.get("deploymentState").asText()).isEqualTo("DEPLOYED");
    JsonNode budget = model.at("/imageClassificationModelMetadata/trainBudgetMilliNodeHours");
    assertThat(budget.isTextual()).as("int64 as string").isTrue();
    assertThat(budget.asText()).isEqualTo("8000");
  }

  @Test
  void createdDatasetEchoesDisplayName() {
    String name = http.post(P + "/datasets", "{\"displayName\":\"pics\"}").json().get("name").asText();
    emulator.markDone(name);
    JsonNode ds = http.op(name).json().get("response");
    assertThat(ds.get("name").asText()).startsWith("projects/p1/locations/us-central1/datasets/ICN");
    assertThat(ds.get("displayName").asText()).isEqualTo("pics");
    assertThat(ds.at("/imageClassificationDatasetMetadata/classificationType").asText()).isEqualTo("MULTICLASS");
  }

  @Test
  void enumEncodingIntTurnsEnumNamesIntoNumbers() {
    String name = http.post(P + "/models?$alt=json;enum-encoding=int", "{\"displayName\":\"x\"}").json().get("name").asText();
    emulator.markDone(name);
    JsonNode model = http.get("/v1/" + name + "?$alt=json;enum-encoding=int").json().get("response");
    assertThat(model.get("deploymentState").isInt()).isTrue();
    assertThat(model.get("deploymentState").asInt()).isEqualTo(1);
    JsonNode encoded = http.get("/v1/" + name + "?$alt=json;enum-encoding%3Dint").json().get("response");
    assertThat(encoded.get("deploymentState").asInt()).isEqualTo(1);
    assertThat(http.op(name).json().at("/response/deploymentState").asText()).isEqualTo("DEPLOYED");
  }

  @Test
  void badJsonIsInvalidArgument() {
    TestHttp.Resp r = http.post(P + "/models", "{not json");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(r.json().at("/error/code").asInt()).isEqualTo(400);
  }

  @Test
  void unknownVerbIsUnimplementedAndUnknownPathIsNotFound() {
    TestHttp.Resp r = http.post(P + "/models/ICN1:explode", "{}");
    assertThat(r.status()).isEqualTo(501);
    assertThat(r.json().at("/error/status").asText()).isEqualTo("UNIMPLEMENTED");
    TestHttp.Resp nf = http.get("/v2/whatever");
    assertThat(nf.status()).isEqualTo(404);
    assertThat(nf.json().at("/error/status").asText()).isEqualTo("NOT_FOUND");
  }
}
