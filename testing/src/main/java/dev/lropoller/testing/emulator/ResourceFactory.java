package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/** Builds the kind-specific metadata details and success responses of AutoML operations. */
final class ResourceFactory {
  private static final String[] INT64_FIELDS = {
    "trainBudgetMilliNodeHours", "trainCostMilliNodeHours", "nodeCount"
  };

  private ResourceFactory() {}

  /**
   * The details message for the metadata: {@code {}}, or with {@code outputInfo} (and batch
   * predict's {@code inputConfig}) taken from the request when there is one.
   */
  static ObjectNode details(AutoMlRpc kind, JsonNode request, String opId) {
    ObjectNode d = EmulatorJson.object();
    if (!kind.hasOutputInfo()) {
      return d;
    }
    String prefix = request == null ? "" : request.path("outputConfig").path("gcsDestination").path("outputUriPrefix").asText("");
    if (prefix.isEmpty()) {
      prefix = "gs://emulator-bucket/";
    }
    if (!prefix.endsWith("/")) {
      prefix += "/";
    }
    if (kind == AutoMlRpc.BATCH_PREDICT && request != null && request.has("inputConfig")) {
      d.set("inputConfig", request.get("inputConfig").deepCopy());
    }
    String folder = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + opId + "/";
    d.putObject("outputInfo").put("gcsOutputDirectory", prefix + folder);
    return d;
  }

  /** The success response JSON (an Any with {@code @type}). */
  static ObjectNode success(
      AutoMlRpc kind, String parent, String resourceId, String displayName, String datasetId,
      JsonNode request, Instant now) {
    ObjectNode r = EmulatorJson.object();
    r.put("@type", kind.responseTypeUrl());
    switch (kind) {
      case CREATE_MODEL -> model(r, parent, resourceId, displayName, datasetId, request, now);
      case CREATE_DATASET -> dataset(r, parent, resourceId, displayName, request, now);
      case BATCH_PREDICT -> r.putObject("metadata");
      default -> { }
    }
    return r;
  }

  private static void model(
      ObjectNode r, String parent, String id, String displayName, String datasetId, JsonNode request, Instant now) {
    r.put("name", parent + "/models/" + id);
    if (displayName != null) {
      r.put("displayName", displayName);
    }
    if (datasetId != null) {
      r.put("datasetId", datasetId);
    }
    r.put("createTime", EmulatorJson.timestamp(now));
    r.put("updateTime", EmulatorJson.timestamp(now));
    r.put("deploymentState", "DEPLOYED");
    r.put("etag", "AB3BwFq" + Integer.toHexString(id.hashCode()));
    boolean copied = copyOneOf(r, request, "ModelMetadata");
    if (!copied) {
      ObjectNode md = r.putObject("imageClassificationModelMetadata");
      md.put("trainBudgetMilliNodeHours", "8000");
      md.put("trainCostMilliNodeHours", "7990");
      md.put("stopReason", "BUDGET_REACHED");
      md.put("modelType", "cloud");
    }
    copyLabels(r, request);
  }

  private static void dataset(
      ObjectNode r, String parent, String id, String displayName, JsonNode request, Instant now) {
    r.put("name", parent + "/datasets/" + id);
    if (displayName != null) {
      r.put("displayName", displayName);
    }
    if (request != null && request.path("description").isTextual()) {
      r.put("description", request.get("description").asText());
    }
    r.put("exampleCount", 0);
    r.put("createTime", EmulatorJson.timestamp(now));
    r.put("etag", "AB3BwFr" + Integer.toHexString(id.hashCode()));
    if (!copyOneOf(r, request, "DatasetMetadata")) {
      r.putObject("imageClassificationDatasetMetadata").put("classificationType", "MULTICLASS");
    }
    copyLabels(r, request);
  }

  /** Copies the request's {@code *ModelMetadata} / {@code *DatasetMetadata} field, int64s as strings. */
  private static boolean copyOneOf(ObjectNode target, JsonNode request, String suffix) {
    if (request == null) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : request.properties()) {
      if (e.getKey().endsWith(suffix) && e.getValue().isObject()) {
        ObjectNode md = e.getValue().deepCopy();
        for (String f : INT64_FIELDS) {
          if (md.path(f).isNumber()) {
            md.put(f, md.get(f).asText());
          }
        }
        target.set(e.getKey(), md);
        return true;
      }
    }
    return false;
  }

  private static void copyLabels(ObjectNode target, JsonNode request) {
    if (request != null && request.path("labels").isObject() && !request.get("labels").isEmpty()) {
      target.set("labels", request.get("labels").deepCopy());
    }
  }
}
