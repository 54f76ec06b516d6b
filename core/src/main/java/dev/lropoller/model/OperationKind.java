package dev.lropoller.model;

/**
 * What an AutoML v1 operation does, told by which {@code *Details} field its
 * {@code google.cloud.automl.v1.OperationMetadata} carries (the field is present even when empty,
 * as in {@code "createModelDetails": {}}).
 */
public enum OperationKind {
  /** CreateDataset; result {@code google.cloud.automl.v1.Dataset}. */
  CREATE_DATASET("createDatasetDetails"),
  /** DeleteDataset or DeleteModel; result {@code google.protobuf.Empty}. */
  DELETE("deleteDetails"),
  /** ImportData; result {@code google.protobuf.Empty}. */
  IMPORT_DATA("importDataDetails"),
  /** ExportData; result {@code google.protobuf.Empty}. */
  EXPORT_DATA("exportDataDetails"),
  /** CreateModel (training); result {@code google.cloud.automl.v1.Model}. */
  CREATE_MODEL("createModelDetails"),
  /** DeployModel; result {@code google.protobuf.Empty}. */
  DEPLOY_MODEL("deployModelDetails"),
  /** UndeployModel; result {@code google.protobuf.Empty}. */
  UNDEPLOY_MODEL("undeployModelDetails"),
  /** ExportModel; result {@code google.protobuf.Empty}. */
  EXPORT_MODEL("exportModelDetails"),
  /** BatchPredict; result {@code google.cloud.automl.v1.BatchPredictResult}. */
  BATCH_PREDICT("batchPredictDetails"),
  /** No known {@code *Details} field: absent metadata, another service, or a newer API. */
  UNKNOWN("");

  private final String detailsField;

  OperationKind(String detailsField) {
    this.detailsField = detailsField;
  }

  /**
   * The lowerCamelCase JSON name of the metadata field that marks this kind, such as
   * {@code "createModelDetails"}; its snake_case form is accepted on input too.
   *
   * @return the field name, {@code ""} for {@link #UNKNOWN}
   */
  public String detailsField() {
    return detailsField;
  }
}
