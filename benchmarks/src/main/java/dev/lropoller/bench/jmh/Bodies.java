package dev.lropoller.bench.jmh;

import java.nio.charset.StandardCharsets;

/** Operation bodies in the shapes AutoML sends, shared by the JMH benchmarks. */
final class Bodies {
  static final String NAME = "projects/bench-project/locations/us-central1/operations/ICN1234567890";
  private static final String METADATA_TYPE =
      "type.googleapis.com/google.cloud.automl.v1.OperationMetadata";

  private Bodies() {}

  static String metadata(String detailsKey, int progress) {
    return "{\"@type\":\"" + METADATA_TYPE + "\",\"createTime\":\"2019-07-22T18:35:06.881193Z\","
        + "\"updateTime\":\"2019-07-22T19:58:44.972235Z\",\"" + detailsKey + "\":{},"
        + "\"progressPercent\":" + progress + "}";
  }

  /** A running CreateModel operation (295 bytes). */
  static byte[] running() {
    return utf8("{\"name\":\"" + NAME + "\",\"metadata\":" + metadata("createModelDetails", 40) + "}");
  }

  /** A finished CreateModel operation carrying its Model (846 bytes). */
  static byte[] doneWithModel() {
    return utf8("{\"name\":\"" + NAME + "\",\"metadata\":" + metadata("createModelDetails", 100)
        + ",\"done\":true,\"response\":{\"@type\":\"type.googleapis.com/google.cloud.automl.v1.Model\","
        + "\"name\":\"projects/bench-project/locations/us-central1/models/ICN987654321\","
        + "\"displayName\":\"flowers_v1\",\"datasetId\":\"ICN456\","
        + "\"createTime\":\"2019-07-22T18:35:06.881193Z\",\"updateTime\":\"2019-07-22T19:58:44.972235Z\","
        + "\"deploymentState\":\"DEPLOYED\",\"etag\":\"AB3BwFq\",\"labels\":{\"team\":\"vision\"},"
        + "\"imageClassificationModelMetadata\":{\"trainBudgetMilliNodeHours\":\"8000\","
        + "\"trainCostMilliNodeHours\":\"7950\",\"stopReason\":\"BUDGET_REACHED\",\"modelType\":\"cloud\","
        + "\"nodeQps\":3.2,\"nodeCount\":\"1\"}}}");
  }

  /** A failed ImportData operation with {@code details} ErrorInfo/BadRequest entries (7.5 KB at 40). */
  static byte[] doneWithLargeError(int details) {
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < details; i++) {
      if (i > 0) {
        d.append(',');
      }
      if (i % 2 == 0) {
        d.append("{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"INVALID_ROW_")
            .append(i).append("\",\"domain\":\"automl.googleapis.com\",\"metadata\":{\"row\":\"")
            .append(i * 17).append("\",\"file\":\"gs://bucket/train.csv\"}}");
      } else {
        d.append("{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\",\"fieldViolations\":[")
            .append("{\"field\":\"input_config.gcs_source.input_uris[").append(i)
            .append("]\",\"description\":\"Image could not be decoded: unsupported format\"}]}");
      }
    }
    return utf8("{\"name\":\"" + NAME + "\",\"metadata\":" + metadata("importDataDetails", 100)
        + ",\"done\":true,\"error\":{\"code\":3,\"message\":\"Import failed: " + details
        + " rows rejected\",\"details\":[" + d + "]}}");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
