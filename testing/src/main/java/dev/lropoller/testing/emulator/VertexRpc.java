package dev.lropoller.testing.emulator;

/**
 * The Vertex AI v1 methods whose long-running operations the emulator serves, with their
 * metadata and response types (all {@code google.cloud.aiplatform.v1.*} but Empty). Every
 * metadata carries {@code genericMetadata} ({@code createTime}, {@code updateTime},
 * {@code partialFailures}). Operations are named under the resource they concern, e.g.
 * {@code …/endpoints/{e}/operations/{o}}.
 */
public enum VertexRpc {
  /** {@code POST /v1/{parent}/models:upload}; operation under the new model; UploadModelResponse. */
  UPLOAD_MODEL("UploadModelOperationMetadata", "UploadModelResponse"),
  /** {@code POST /v1/{endpoint}:deployModel}; operation under the endpoint; DeployModelResponse. */
  DEPLOY_MODEL("DeployModelOperationMetadata", "DeployModelResponse"),
  /**
   * {@code POST /v1/{parent}/datasets} with a {@code metadataSchemaUri} (without one the request is
   * AutoML's CreateDataset); operation under the new dataset; response Dataset.
   */
  CREATE_DATASET("CreateDatasetOperationMetadata", "Dataset"),
  /** {@code POST /v1/{dataset}:import}; operation under the dataset; ImportDataResponse. */
  IMPORT_DATA("ImportDataOperationMetadata", "ImportDataResponse"),
  /** {@code POST /v1/{dataset}:export}; operation under the dataset; ExportDataResponse. */
  EXPORT_DATA("ExportDataOperationMetadata", "ExportDataResponse"),
  /** {@code DELETE /v1/{job}} of a job; operation under the job; DeleteOperationMetadata, response Empty. */
  DELETE_RESOURCE("DeleteOperationMetadata", null);

  private static final String PACKAGE = "google.cloud.aiplatform.v1.";

  private final String metadataType;
  private final String responseType;

  VertexRpc(String metadataType, String responseType) {
    this.metadataType = metadataType;
    this.responseType = responseType;
  }

  /**
   * The metadata's protobuf type.
   *
   * @return e.g. {@code "google.cloud.aiplatform.v1.DeployModelOperationMetadata"}
   */
  public String metadataType() {
    return PACKAGE + metadataType;
  }

  /**
   * The response's protobuf type.
   *
   * @return e.g. {@code "google.cloud.aiplatform.v1.DeployModelResponse"} or
   *     {@code "google.protobuf.Empty"}
   */
  public String responseType() {
    return responseType == null ? "google.protobuf.Empty" : PACKAGE + responseType;
  }
}
