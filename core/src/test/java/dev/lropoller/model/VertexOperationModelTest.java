package dev.lropoller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Vertex AI operations as the wire contract shows them (VERTEX-WIRE.md section 4): metadata read
 * through {@code genericMetadata}, and the typed responses of UploadModel, DeployModel and
 * CreateDataset.
 */
class VertexOperationModelTest {
  private static final String PREFIX = "type.googleapis.com/google.cloud.aiplatform.v1.";
  private static final String DEPLOY_DONE = """
      {"name": "projects/123456789012/locations/us-central1/endpoints/4567890123456789012/operations/8901234567890123456",
       "metadata": {"@type": "type.googleapis.com/google.cloud.aiplatform.v1.DeployModelOperationMetadata",
         "genericMetadata": {"createTime": "2026-03-02T12:00:00.100Z", "updateTime": "2026-03-02T12:14:31.870Z"},
         "deploymentStage": "SUCCESSFULLY_DEPLOYED"}, "done": true,
       "response": {"@type": "type.googleapis.com/google.cloud.aiplatform.v1.DeployModelResponse",
         "deployedModel": {"id": "7012345678", "model": "projects/123456789012/locations/us-central1/models/flowers",
           "modelVersionId": "1"}}}""";
  private static final String UPLOAD_DONE = """
      {"name": "projects/123456789012/locations/us-central1/models/flowers/operations/6789012345678901234",
       "metadata": {"@type": "type.googleapis.com/google.cloud.aiplatform.v1.UploadModelOperationMetadata",
         "genericMetadata": {"createTime": "2026-03-02T11:05:00Z", "updateTime": "2026-03-02T11:06:12.004Z"}},
       "done": true, "response": {"@type": "type.googleapis.com/google.cloud.aiplatform.v1.UploadModelResponse",
         "model": "projects/123456789012/locations/us-central1/models/flowers", "modelVersionId": "1"}}""";

  private static Operation done(String response) {
    return Operation.parse("{\"name\": \"projects/p/locations/europe-west4/datasets/9/operations/1\","
        + " \"done\": true, \"response\": " + response + "}");
  }

  @Test
  void genericMetadataGivesTheTimesOfAVertexOperation() {
    OperationMetadata md = Operation.parse(DEPLOY_DONE).metadata();

    assertThat(md.createTime()).contains(Instant.parse("2026-03-02T12:00:00.100Z"));
    assertThat(md.updateTime()).contains(Instant.parse("2026-03-02T12:14:31.870Z"));
    assertThat(md.kind()).isEqualTo(OperationKind.UNKNOWN);
    assertThat(md.partialFailures()).isEmpty();
  }

  @Test
  void genericMetadataGivesThePartialFailures() {
    OperationMetadata md = Operation.parse("""
        {"name": "projects/p/locations/us-central1/datasets/1/operations/2", "metadata": {
          "@type": "type.googleapis.com/google.cloud.aiplatform.v1.ImportDataOperationMetadata",
          "genericMetadata": {"createTime": "2026-03-02T11:05:00Z", "partialFailures": [
            {"code": 3, "message": "row 7: bad label"}, {"code": 5, "message": "gs://b/x.jpg not found"}]}}}
        """).metadata();

    assertThat(md.partialFailures()).extracting(RpcStatus::codeNumber, RpcStatus::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(3, "row 7: bad label"),
        org.assertj.core.groups.Tuple.tuple(5, "gs://b/x.jpg not found"));
    assertThat(md.updateTime()).isEmpty();
  }

  @Test
  void fieldsOfTheMetadataItselfWinOverGenericMetadata() {
    OperationMetadata md = Operation.parse("""
        {"name": "projects/p/locations/l/operations/1", "metadata": {
          "createTime": "2026-01-01T00:00:00Z", "partialFailures": [{"code": 9, "message": "own"}],
          "genericMetadata": {"createTime": "2026-02-02T00:00:00Z", "updateTime": "2026-02-03T00:00:00Z",
            "partialFailures": [{"code": 3, "message": "generic"}]}}}
        """).metadata();

    assertThat(md.createTime()).contains(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(md.updateTime()).as("absent at the top, so read from genericMetadata")
        .contains(Instant.parse("2026-02-03T00:00:00Z"));
    assertThat(md.partialFailures()).extracting(RpcStatus::message).containsExactly("own");
  }

  @Test
  void aBadGenericMetadataFieldIsRefusedWithItsPath() {
    assertThatThrownBy(() -> Operation.parse("""
        {"name": "projects/p/locations/l/operations/1", "metadata": {
          "genericMetadata": {"createTime": "yesterday"}}}"""))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("metadata.genericMetadata.createTime")
        .hasMessageContaining("yesterday");
    assertThatThrownBy(() -> Operation.parse("""
        {"name": "projects/p/locations/l/operations/1", "metadata": {"genericMetadata": 7}}"""))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("genericMetadata");
  }

  @Test
  void vertexExportDataNamesItsOutputDirectory() {
    OperationMetadata md = Operation.parse("""
        {"name": "projects/p/locations/us-central1/datasets/1/operations/2", "metadata": {
          "@type": "type.googleapis.com/google.cloud.aiplatform.v1.ExportDataOperationMetadata",
          "genericMetadata": {"createTime": "2026-03-02T11:05:00Z"},
          "gcsOutputDirectory": "gs://bucket/export-1/"}}""").metadata();

    assertThat(md.outputDirectory()).contains("gs://bucket/export-1/");
  }

  @Test
  void uploadModelGivesTheModelAndItsVersion() {
    UploadedModel m = ResponseType.UPLOAD_MODEL.read(Operation.parse(UPLOAD_DONE));

    assertThat(m.model()).isEqualTo("projects/123456789012/locations/us-central1/models/flowers");
    assertThat(m.project()).isEqualTo("123456789012");
    assertThat(m.location()).isEqualTo("us-central1");
    assertThat(m.modelId()).isEqualTo("flowers");
    assertThat(m.modelVersionId()).isEqualTo("1");
    assertThat(m).hasToString(
        "UploadedModel{projects/123456789012/locations/us-central1/models/flowers@1}");
    assertThat(m.json().get("@type").asText()).isEqualTo(PREFIX + "UploadModelResponse");
    assertThat(m.rawJson()).isEqualTo(m.json().toString());
    assertThat(m).isEqualTo(UploadedModel.fromJson(m.json())).hasSameHashCodeAs(UploadedModel.fromJson(m.json()));
  }

  @Test
  void deployModelGivesTheDeployedModel() {
    DeployedModel d = ResponseType.DEPLOY_MODEL.read(Operation.parse(DEPLOY_DONE));

    assertThat(d.id()).isEqualTo("7012345678");
    assertThat(d.model()).isEqualTo("projects/123456789012/locations/us-central1/models/flowers");
    assertThat(d.modelVersionId()).isEqualTo("1");
    assertThat(d.displayName()).isEmpty();
    assertThat(d).hasToString(
        "DeployedModel{7012345678: projects/123456789012/locations/us-central1/models/flowers@1}");
    assertThat(d.json().has("deployedModel")).isTrue();
    assertThat(d).isEqualTo(DeployedModel.fromJson(d.json()));
  }

  @Test
  void createDatasetGivesTheVertexDataset() {
    VertexDataset d = ResponseType.VERTEX_DATASET.read(done("""
        {"@type": "type.googleapis.com/google.cloud.aiplatform.v1.Dataset",
         "name": "projects/p/locations/europe-west4/datasets/9", "displayName": "flowers",
         "metadataSchemaUri": "gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml",
         "dataItemCount": "3670", "createTime": "2026-03-02T11:05:00Z",
         "updateTime": "2026-03-02T11:06:00Z", "labels": {"team": "vision"}, "etag": "AMEw9yP"}"""));

    assertThat(d.name()).isEqualTo("projects/p/locations/europe-west4/datasets/9");
    assertThat(d.project()).isEqualTo("p");
    assertThat(d.location()).isEqualTo("europe-west4");
    assertThat(d.datasetId()).isEqualTo("9");
    assertThat(d.displayName()).isEqualTo("flowers");
    assertThat(d.description()).isEmpty();
    assertThat(d.metadataSchemaUri()).endsWith("image_1.0.0.yaml");
    assertThat(d.dataItemCount()).isEqualTo(3670);
    assertThat(d.createTime()).contains(Instant.parse("2026-03-02T11:05:00Z"));
    assertThat(d.updateTime()).contains(Instant.parse("2026-03-02T11:06:00Z"));
    assertThat(d.labels()).containsExactly(java.util.Map.entry("team", "vision"));
    assertThat(d).hasToString("VertexDataset{projects/p/locations/europe-west4/datasets/9 (flowers)}");
    assertThat(d.rawJson()).contains("\"etag\":\"AMEw9yP\"");
  }

  @Test
  void malformedVertexResponsesAreRefusedQuotingTheValue() {
    assertThatThrownBy(() -> ResponseType.UPLOAD_MODEL.read(done(
        "{\"@type\": \"" + PREFIX + "UploadModelResponse\", \"model\": \"models/flowers\"}")))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("projects/*/locations/*/models/*")
        .hasMessageContaining("\"models/flowers\"");
    assertThatThrownBy(() -> ResponseType.DEPLOY_MODEL.read(done(
        "{\"@type\": \"" + PREFIX + "DeployModelResponse\"}")))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("with a deployedModel");
    assertThatThrownBy(() -> ResponseType.DEPLOY_MODEL.read(done(
        "{\"@type\": \"" + PREFIX + "DeployModelResponse\", \"deployedModel\": {\"model\": \"m\"}}")))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("response.deployedModel.id");
    assertThatThrownBy(() -> ResponseType.VERTEX_DATASET.read(done(
        "{\"@type\": \"" + PREFIX + "Dataset\", \"name\": \"projects/p/locations/l/datasets/1\","
            + " \"dataItemCount\": \"many\"}")))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("dataItemCount")
        .hasMessageContaining("many");
    assertThatThrownBy(() -> UploadedModel.fromJson(null)).isInstanceOf(UnexpectedResponseException.class);
    assertThatThrownBy(() -> DeployedModel.fromJson(com.fasterxml.jackson.databind.node.JsonNodeFactory
        .instance.arrayNode())).isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("expected a google.cloud.aiplatform.v1.DeployModelResponse object, got []");
  }

  @Test
  void theWrongTypedReadNamesTheResponseTypeThatFits() {
    assertThatThrownBy(() -> ResponseType.MODEL.read(Operation.parse(UPLOAD_DONE)))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageEndingWith("expected a response of @type google.cloud.automl.v1.Model, got @type "
            + "google.cloud.aiplatform.v1.UploadModelResponse (read it with ResponseType.UPLOAD_MODEL)");
    assertThatThrownBy(() -> ResponseType.DATASET.read(done("{\"@type\": \"" + PREFIX + "Dataset\","
        + " \"name\": \"projects/p/locations/l/datasets/1\"}")))
        .hasMessageEndingWith("(read it with ResponseType.VERTEX_DATASET)");
    assertThatThrownBy(() -> ResponseType.UPLOAD_MODEL.read(done("{\"@type\": \"x.Unknown\"}")))
        .hasMessageEndingWith("got @type x.Unknown");
  }

  @Test
  void emptyReadsVertexsEmptyResponsesButNotOnesWithFields() {
    assertThat(ResponseType.EMPTY.read(done(
        "{\"@type\": \"" + PREFIX + "ImportDataResponse\"}"))).isNull();
    assertThatThrownBy(() -> ResponseType.EMPTY.read(done("{\"@type\": \"" + PREFIX
        + "ExportDataResponse\", \"exportedFiles\": [\"gs://b/x\"]}")))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("expected a response of @type google.protobuf.Empty, got @type "
            + "google.cloud.aiplatform.v1.ExportDataResponse");
    assertThatThrownBy(() -> ResponseType.EMPTY.read(done("{\"done\": 1}")))
        .as("an object without @type is not an empty message of a known type")
        .isInstanceOf(UnexpectedResponseException.class);
    assertThatThrownBy(() -> ResponseType.UPLOAD_MODEL.read(done(
        "{\"@type\": \"" + PREFIX + "ImportDataResponse\"}")))
        .as("only EMPTY accepts an empty message of another type")
        .isInstanceOf(UnexpectedResponseException.class);
  }

  @Test
  void theNewTypesAreNamedAndEqualOnlyToThemselves() {
    assertThat(ResponseType.UPLOAD_MODEL.typeName()).isEqualTo("google.cloud.aiplatform.v1.UploadModelResponse");
    assertThat(ResponseType.DEPLOY_MODEL.typeName()).isEqualTo("google.cloud.aiplatform.v1.DeployModelResponse");
    assertThat(ResponseType.VERTEX_DATASET.typeName()).isEqualTo("google.cloud.aiplatform.v1.Dataset");
    assertThat(ResponseType.DEPLOY_MODEL).hasToString(
        "ResponseType{google.cloud.aiplatform.v1.DeployModelResponse -> DeployedModel}");
    assertThat(ResponseType.VERTEX_DATASET).isNotEqualTo(ResponseType.DATASET);
    JsonNode node = Operation.parse(UPLOAD_DONE).json().get("response");
    assertThat(UploadedModel.fromJson(node)).isNotEqualTo(node);
  }
}
