package dev.lropoller.testing.emulator;

/**
 * The ten Cloud AutoML v1 RPCs that start a long-running operation.
 *
 * <p>Each kind knows the {@code OperationMetadata} details key that marks it (for example
 * {@code createModelDetails}) and the fully qualified protobuf type of its successful response.
 */
public enum AutoMlRpc {
  /** {@code POST /v1/{parent}/datasets}; response {@code google.cloud.automl.v1.Dataset}. */
  CREATE_DATASET("createDatasetDetails", "google.cloud.automl.v1.Dataset"),
  /** {@code DELETE /v1/{parent}/datasets/{d}}; response {@code google.protobuf.Empty}. */
  DELETE_DATASET("deleteDetails", AutoMlRpc.EMPTY),
  /** {@code POST /v1/{parent}/datasets/{d}:importData}; response {@code google.protobuf.Empty}. */
  IMPORT_DATA("importDataDetails", AutoMlRpc.EMPTY),
  /** {@code POST /v1/{parent}/datasets/{d}:exportData}; response {@code google.protobuf.Empty}. */
  EXPORT_DATA("exportDataDetails", AutoMlRpc.EMPTY),
  /** {@code POST /v1/{parent}/models}; response {@code google.cloud.automl.v1.Model}. */
  CREATE_MODEL("createModelDetails", "google.cloud.automl.v1.Model"),
  /** {@code DELETE /v1/{parent}/models/{m}}; response {@code google.protobuf.Empty}. */
  DELETE_MODEL("deleteDetails", AutoMlRpc.EMPTY),
  /** {@code POST /v1/{parent}/models/{m}:deploy}; response {@code google.protobuf.Empty}. */
  DEPLOY_MODEL("deployModelDetails", AutoMlRpc.EMPTY),
  /** {@code POST /v1/{parent}/models/{m}:undeploy}; response {@code google.protobuf.Empty}. */
  UNDEPLOY_MODEL("undeployModelDetails", AutoMlRpc.EMPTY),
  /** {@code POST /v1/{parent}/models/{m}:export}; response {@code google.protobuf.Empty}. */
  EXPORT_MODEL("exportModelDetails", AutoMlRpc.EMPTY),
  /**
   * {@code POST /v1/{parent}/models/{m}:batchPredict}; response
   * {@code google.cloud.automl.v1.BatchPredictResult}.
   */
  BATCH_PREDICT("batchPredictDetails", "google.cloud.automl.v1.BatchPredictResult");

  private static final String EMPTY = "google.protobuf.Empty";

  private final String detailsKey;
  private final String responseType;

  AutoMlRpc(String detailsKey, String responseType) {
    this.detailsKey = detailsKey;
    this.responseType = responseType;
  }

  /**
   * The key of this kind's details message inside {@code OperationMetadata}.
   *
   * @return for example {@code "createModelDetails"}; both deletes use {@code "deleteDetails"}
   */
  public String detailsKey() {
    return detailsKey;
  }

  /**
   * The fully qualified protobuf type of a successful response, without the
   * {@code type.googleapis.com/} prefix.
   *
   * @return for example {@code "google.cloud.automl.v1.Model"} or {@code "google.protobuf.Empty"}
   */
  public String responseType() {
    return responseType;
  }

  /**
   * The {@code @type} URL of a successful response, as it appears in the Operation JSON.
   *
   * @return {@code "type.googleapis.com/" + responseType()}
   */
  public String responseTypeUrl() {
    return EmulatorJson.TYPE_PREFIX + responseType;
  }

  /** True for the kinds whose details carry {@code outputInfo.gcsOutputDirectory}. */
  boolean hasOutputInfo() {
    return this == EXPORT_DATA || this == EXPORT_MODEL || this == BATCH_PREDICT;
  }
}
