package dev.lropoller.testing;

/**
 * Builds google.longrunning.Operation JSON bodies for scripted tests, in the shapes AutoML sends.
 */
public final class OperationJson {
  private static final String METADATA_TYPE =
      "type.googleapis.com/google.cloud.automl.v1.OperationMetadata";

  private OperationJson() {}

  /**
   * A running operation.
   *
   * @param name the operation name
   * @param progressPercent the progress to report
   * @return the body
   */
  public static String running(String name, int progressPercent) {
    return "{\"name\":\"" + name + "\",\"metadata\":" + metadata("createModelDetails", progressPercent)
        + "}";
  }

  /**
   * A finished CreateModel operation.
   *
   * @param name the operation name
   * @param modelName the model's resource name
   * @param displayName the model's display name
   * @return the body
   */
  public static String doneWithModel(String name, String modelName, String displayName) {
    return done(name, "createModelDetails",
        "\"response\":{\"@type\":\"type.googleapis.com/google.cloud.automl.v1.Model\",\"name\":\""
            + modelName + "\",\"displayName\":\"" + displayName
            + "\",\"datasetId\":\"ICN456\",\"deploymentState\":\"DEPLOYED\"}");
  }

  /**
   * A finished operation whose response is {@code google.protobuf.Empty}.
   *
   * @param name the operation name
   * @return the body
   */
  public static String doneEmpty(String name) {
    return done(name, "importDataDetails",
        "\"response\":{\"@type\":\"type.googleapis.com/google.protobuf.Empty\"}");
  }

  /**
   * A finished operation with neither error nor response.
   *
   * @param name the operation name
   * @return the body
   */
  public static String doneBare(String name) {
    return "{\"name\":\"" + name + "\",\"done\":true}";
  }

  /**
   * A finished operation with a response of any type.
   *
   * @param name the operation name
   * @param responseType the full proto type name, such as {@code google.cloud.automl.v1.Dataset}
   * @param fields the response's fields as JSON members without braces, or {@code ""}
   * @return the body
   */
  public static String doneWith(String name, String responseType, String fields) {
    return done(name, "createDatasetDetails",
        "\"response\":{\"@type\":\"type.googleapis.com/" + responseType + "\""
            + (fields.isEmpty() ? "" : "," + fields) + "}");
  }

  /**
   * A finished operation that failed.
   *
   * @param name the operation name
   * @param code the google.rpc.Code number
   * @param message the error message
   * @param detailsJson the details array's elements as JSON, or {@code ""}
   * @return the body
   */
  public static String doneWithError(String name, int code, String message, String detailsJson) {
    return done(name, "importDataDetails",
        "\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"details\":["
            + detailsJson + "]}");
  }

  private static String done(String name, String detailsKey, String outcome) {
    return "{\"name\":\"" + name + "\",\"metadata\":" + metadata(detailsKey, 100)
        + ",\"done\":true," + outcome + "}";
  }

  private static String metadata(String detailsKey, int progressPercent) {
    return "{\"@type\":\"" + METADATA_TYPE + "\",\"createTime\":\"2019-07-22T18:35:06.881193Z\","
        + "\"updateTime\":\"2019-07-22T19:58:44.972235Z\",\"" + detailsKey + "\":{},"
        + "\"progressPercent\":" + progressPercent + "}";
  }
}
