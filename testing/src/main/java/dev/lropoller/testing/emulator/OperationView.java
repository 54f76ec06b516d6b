package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** An immutable snapshot of one operation, taken under its lock and rendered outside it. */
record OperationView(
    String name,
    AutoMlRpc kind,
    Instant createTime,
    Instant updateTime,
    int progressPercent,
    boolean done,
    ObjectNode details,
    JsonNode error,
    JsonNode response,
    VertexOperationSpec vertex) {

  /** Renders the google.longrunning.Operation in ProtoJSON (Vertex shapes when {@code vertex} is set). */
  ObjectNode toJson(boolean enumsAsInts) {
    if (vertex != null) {
      return VertexOperationJson.render(this, enumsAsInts);
    }
    ObjectNode op = EmulatorJson.object();
    op.put("name", name);
    ObjectNode md = op.putObject("metadata");
    md.put("@type", EmulatorJson.TYPE_PREFIX + "google.cloud.automl.v1.OperationMetadata");
    md.set(kind.detailsKey(), details.deepCopy());
    if (progressPercent > 0) {
      md.put("progressPercent", progressPercent);
    }
    md.put("createTime", EmulatorJson.timestamp(createTime));
    md.put("updateTime", EmulatorJson.timestamp(updateTime));
    if (done) {
      op.put("done", true);
      if (error != null) {
        op.set("error", error.deepCopy());
      } else if (response != null) {
        op.set("response", enumsAsInts ? EmulatorJson.enumsAsInts(response) : response.deepCopy());
      }
    }
    return op;
  }
}
