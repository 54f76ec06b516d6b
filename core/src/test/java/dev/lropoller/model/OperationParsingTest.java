package dev.lropoller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lropoller.error.UnexpectedResponseException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class OperationParsingTest {
  private static final String NAME = "projects/p/locations/us-central1/operations/ICN1";

  private static Operation op(String fieldsAfterName) {
    return Operation.parse("{\"name\": \"" + NAME + "\"" + fieldsAfterName + "}");
  }

  private static Operation withMetadata(String metadataFields) {
    return op(", \"metadata\": {\"@type\": "
        + "\"type.googleapis.com/google.cloud.automl.v1.OperationMetadata\"" + metadataFields + "}");
  }

  // --- the three bodies of the seed page, verbatim (the last one joined from its two blocks)

  @Test
  void seedTrainingStarted() {
    Operation op = Operation.parse(Resources.bytes("seed-create-model-started.json"));

    assertThat(op.name()).isEqualTo("projects/project-id/locations/us-central1/operations/ICN3074819451447");
    assertThat(op.id()).isEqualTo("ICN3074819451447");
    assertThat(op.done()).isFalse();
    assertThat(op.error()).isEmpty();
    assertThat(op.response()).isEmpty();
    assertThat(op.responseType()).isEmpty();
    assertThat(op.progressPercent()).isEmpty();
    assertThat(op.metadataType()).contains("google.cloud.automl.v1.OperationMetadata");
    assertThat(op.metadata().kind()).isEqualTo(OperationKind.CREATE_MODEL);
    assertThat(op.metadata().createTime()).contains(Instant.parse("2019-07-26T21:10:18.338846Z"));
    assertThat(op.metadata().updateTime()).contains(Instant.parse("2019-07-26T21:10:18.338846Z"));
    assertThat(op.metadata().partialFailures()).isEmpty();
    assertThat(op.metadata().outputDirectory()).isEmpty();
    assertThat(op.toString()).isEqualTo("Operation{projects/project-id/locations/us-central1/"
        + "operations/ICN3074819451447, running, CREATE_MODEL}");
  }

  @Test
  void seedImportDone() {
    Operation op = Operation.parse(Resources.bytes("seed-import-done.json"));

    assertThat(op.id()).isEqualTo("operation-id");
    assertThat(op.done()).isTrue();
    assertThat(op.metadata().kind()).isEqualTo(OperationKind.IMPORT_DATA);
    assertThat(op.metadata().createTime()).contains(Instant.parse("2018-10-29T15:56:29.176485Z"));
    assertThat(op.metadata().updateTime()).contains(Instant.parse("2018-10-29T16:10:41.326614Z"));
    assertThat(op.responseType()).contains("google.protobuf.Empty");
    assertThat(op.response()).hasValueSatisfying(r ->
        assertThat(r.get("@type").asText()).isEqualTo("type.googleapis.com/google.protobuf.Empty"));
    assertThat(op.error()).isEmpty();
  }

  @Test
  void seedTrainingDone() {
    Operation op = Operation.parse(Resources.bytes("seed-create-model-done.json"));

    assertThat(op.done()).isTrue();
    assertThat(op.metadata().kind()).isEqualTo(OperationKind.CREATE_MODEL);
    assertThat(op.metadata().updateTime()).contains(Instant.parse("2019-07-22T19:58:44.972235Z"));
    assertThat(op.responseType()).contains("google.cloud.automl.v1.Model");
    assertThat(op.response().orElseThrow().get("name").asText())
        .isEqualTo("projects/project-id/locations/us-central1/models/model-id");
  }

  @Test
  void stringAndBytesAndTreeGiveEqualSnapshots() {
    byte[] body = Resources.bytes("wire-model-done.json");
    Operation a = Operation.parse(body);
    Operation b = Operation.parse(new String(body, StandardCharsets.UTF_8));
    Operation c = Operation.fromJson(a.json());

    assertThat(a).isEqualTo(b).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(a.progressPercent()).isEqualTo(OptionalInt.of(40));
    assertThat(a.toString()).isEqualTo("Operation{projects/p/locations/us-central1/operations/"
        + "ICN3074819451447, done, CREATE_MODEL, 40%, response=google.cloud.automl.v1.Model}");
  }

  @Test
  void accessorsReturnCopiesSoTheSnapshotStaysImmutable() {
    Operation op = Operation.parse(Resources.bytes("wire-model-done.json"));
    ((ObjectNode) op.json()).put("done", false);
    ((ObjectNode) op.response().orElseThrow()).put("@type", "x/y");
    ObjectNode tree = (ObjectNode) op.json();
    Operation fromTree = Operation.fromJson(tree);
    tree.put("name", "changed");

    assertThat(op.json().get("done").asBoolean()).isTrue();
    assertThat(op.response().orElseThrow().get("@type").asText()).endsWith("automl.v1.Model");
    assertThat(fromTree.name()).isEqualTo(op.name());
  }

  // --- ProtoJSON rules

  @Test
  void snakeCaseNamesStringNumbersAndUnknownFields() {
    Operation op = Operation.parse(Resources.bytes("snake-case-batch-predict.json"));

    assertThat(op.done()).isTrue();
    assertThat(op.progressPercent()).isEqualTo(OptionalInt.of(75));
    assertThat(op.metadata().kind()).isEqualTo(OperationKind.BATCH_PREDICT);
    assertThat(op.metadata().createTime()).contains(Instant.parse("2020-01-02T03:04:05Z"));
    assertThat(op.metadata().updateTime()).contains(Instant.parse("2020-01-02T03:09:05.123Z"));
    assertThat(op.metadata().outputDirectory()).contains("gs://out/prediction-1");
    assertThat(op.metadata().partialFailures())
        .containsExactly(RpcStatus.of(RpcCode.INVALID_ARGUMENT, "row 7: bad value"),
            RpcStatus.of(RpcCode.FAILED_PRECONDITION, "row 9: schema"));
    assertThat(op.responseType()).contains("google.cloud.automl.v1.BatchPredictResult");
  }

  @ParameterizedTest
  @ValueSource(strings = {"40", "\"40\"", "40.0", "\" 40 \""})
  void progressPercentAsNumberOrString(String json) {
    assertThat(withMetadata(", \"progressPercent\": " + json).progressPercent())
        .isEqualTo(OptionalInt.of(40));
  }

  @Test
  void absentFieldsGiveProtoDefaults() {
    Operation op = Operation.parse("{\"name\": \"operations/1\", \"done\": null}");

    assertThat(op.done()).isFalse();
    assertThat(op.id()).isEqualTo("1");
    assertThat(op.metadataType()).isEmpty();
    assertThat(op.metadata().kind()).isEqualTo(OperationKind.UNKNOWN);
    assertThat(op.metadata().json().isMissingNode()).isTrue();
    assertThat(op.metadata().progressPercent()).isEmpty();
    assertThat(op.metadata().createTime()).isEmpty();
    assertThat(op.metadata().partialFailures()).isEmpty();
    assertThat(op.error()).isEmpty();
    assertThat(op.response()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2019-07-22T18:35:06Z            | 2019-07-22T18:35:06Z",
      "2019-07-22T18:35:06.881Z        | 2019-07-22T18:35:06.881Z",
      "2019-07-22T18:35:06.881193Z     | 2019-07-22T18:35:06.881193Z",
      "2019-07-22T18:35:06.881193123Z  | 2019-07-22T18:35:06.881193123Z",
      "2019-07-23T00:05:06.5+05:30     | 2019-07-22T18:35:06.500Z",
      "2019-07-22T10:35:06.123456-08:00| 2019-07-22T18:35:06.123456Z",
      "2019-07-22T18:35:06+00:00       | 2019-07-22T18:35:06Z",
      "2019-07-22t18:35:06z            | 2019-07-22T18:35:06Z",
  })
  void timestampsWithAnyFractionAndOffset(String wire, String expected) {
    Operation op = withMetadata(", \"createTime\": \"" + wire + "\", \"update_time\": \"" + wire + "\"");

    assertThat(op.metadata().createTime()).contains(Instant.parse(expected));
    assertThat(op.metadata().updateTime()).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @EnumSource(value = OperationKind.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
  void everyDetailsKeyGivesItsKind(OperationKind kind) {
    String snake = kind.detailsField().replaceAll("([A-Z])", "_$1").toLowerCase();

    assertThat(withMetadata(", \"" + kind.detailsField() + "\": {}").metadata().kind()).isEqualTo(kind);
    assertThat(withMetadata(", \"" + snake + "\": {}").metadata().kind()).isEqualTo(kind);
  }

  @Test
  void detailsFieldNames() {
    assertThat(OperationKind.CREATE_DATASET.detailsField()).isEqualTo("createDatasetDetails");
    assertThat(OperationKind.DELETE.detailsField()).isEqualTo("deleteDetails");
    assertThat(OperationKind.BATCH_PREDICT.detailsField()).isEqualTo("batchPredictDetails");
    assertThat(OperationKind.UNKNOWN.detailsField()).isEmpty();
  }

  @Test
  void unknownDetailsAndOtherServicesMetadataGiveUnknownKind() {
    Operation vertex = op(", \"metadata\": {\"@type\": "
        + "\"type.googleapis.com/google.cloud.aiplatform.v1.CreateDatasetOperationMetadata\","
        + " \"genericMetadata\": {\"createTime\": \"2021-01-01T00:00:00Z\"}}");

    assertThat(vertex.metadata().kind()).isEqualTo(OperationKind.UNKNOWN);
    assertThat(vertex.metadataType()).contains("google.cloud.aiplatform.v1.CreateDatasetOperationMetadata");
    assertThat(withMetadata(", \"createModelDetails\": null").metadata().kind())
        .isEqualTo(OperationKind.UNKNOWN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"exportDataDetails", "exportModelDetails", "batchPredictDetails"})
  void outputDirectory(String details) {
    Operation op = withMetadata(", \"" + details + "\": {\"outputInfo\": "
        + "{\"gcsOutputDirectory\": \"gs://bucket/export_2019-07-22\"}}");

    assertThat(op.metadata().outputDirectory()).contains("gs://bucket/export_2019-07-22");
    assertThat(withMetadata(", \"" + details + "\": {}").metadata().outputDirectory()).isEmpty();
  }

  @Test
  void emptyResponseWithAndWithoutValue() {
    Operation plain = op(", \"done\": true, \"response\": "
        + "{\"@type\": \"type.googleapis.com/google.protobuf.Empty\"}");
    Operation valued = op(", \"done\": true, \"response\": "
        + "{\"@type\": \"type.googleapis.com/google.protobuf.Empty\", \"value\": {}}");

    assertThat(plain.responseType()).contains("google.protobuf.Empty");
    assertThat(valued.responseType()).contains("google.protobuf.Empty");
    assertThat(valued.response().orElseThrow().get("value").isObject()).isTrue();
  }

  @Test
  void anyTypeIsThePartAfterTheLastSlash() {
    assertThat(op(", \"response\": {\"@type\": \"example.com/a/b/pkg.Msg\"}").responseType())
        .contains("pkg.Msg");
    assertThat(op(", \"response\": {\"@type\": \"pkg.Msg\"}").responseType()).contains("pkg.Msg");
    assertThat(op(", \"response\": {\"name\": \"x\"}").responseType()).isEmpty();
    assertThat(op(", \"response\": {\"name\": \"x\"}").response()).isPresent();
  }

  @Test
  void doneWithErrorKeepsCodeMessageAndDetails() {
    Operation op = Operation.parse(Resources.bytes("done-with-error.json"));
    RpcStatus error = op.error().orElseThrow();

    assertThat(op.done()).isTrue();
    assertThat(op.metadata().kind()).isEqualTo(OperationKind.DEPLOY_MODEL);
    assertThat(error.code()).isEqualTo(RpcCode.FAILED_PRECONDITION);
    assertThat(error.codeNumber()).isEqualTo(9);
    assertThat(error.message()).isEqualTo("Model is not trained.");
    assertThat(error.details()).hasSize(2);
    assertThat(error.details().get(0).get("metadata").get("model").asText()).isEqualTo("ICN123");
    assertThat(error.reason()).contains("MODEL_NOT_READY");
    assertThat(error.domain()).contains("automl.googleapis.com");
    assertThat(error.retryDelay()).contains(Duration.ofMillis(2500));
    assertThat(error).hasToString("FAILED_PRECONDITION: Model is not trained.");
    assertThat(op.toString()).contains("error=FAILED_PRECONDITION: Model is not trained.");
  }

  @Test
  void errorCodeAsNameAsStringAndUnknownNumber() {
    assertThat(op(", \"done\": true, \"error\": {\"code\": \"NOT_FOUND\"}").error().orElseThrow().code())
        .isEqualTo(RpcCode.NOT_FOUND);
    assertThat(op(", \"done\": true, \"error\": {\"code\": \"1\", \"message\": \"x\"}").error().orElseThrow())
        .isEqualTo(RpcStatus.of(RpcCode.CANCELLED, "x"));
    RpcStatus odd = op(", \"done\": true, \"error\": {\"code\": 42}").error().orElseThrow();
    assertThat(odd.code()).isEqualTo(RpcCode.UNKNOWN);
    assertThat(odd.codeNumber()).isEqualTo(42);
    assertThat(odd.message()).isEmpty();
    assertThat(odd).hasToString("UNKNOWN(42): ");
  }

  @Test
  void jsonIsTheWholeBody() {
    Operation op = op(", \"someNewField\": [1]");

    assertThat(op.json().get("someNewField").get(0).asInt()).isEqualTo(1);
    assertThat(op.json().get("name").asText()).isEqualTo(NAME);
  }

  @Test
  void fromJsonOfNonObject() {
    assertThatThrownBy(() -> Operation.fromJson(JsonNodeFactory.instance.arrayNode().add(1)))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("[1]");
    assertThatThrownBy(() -> Operation.fromJson(null))
        .isInstanceOf(UnexpectedResponseException.class);
  }
}
