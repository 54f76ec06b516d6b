package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a Vertex {@code google.longrunning.Operation}: metadata of the method's type with
 * {@code genericMetadata{createTime, updateTime, partialFailures}} ({@code updateTime} is the
 * finish time once done), DeployModel's {@code deploymentStage}, and the typed response.
 */
final class VertexOperationJson {
  private VertexOperationJson() {}

  static ObjectNode render(OperationView v, boolean ints) {
    VertexOperationSpec spec = v.vertex();
    ObjectNode op = EmulatorJson.object();
    op.put("name", v.name());
    ObjectNode md = op.putObject("metadata");
    md.put("@type", EmulatorJson.TYPE_PREFIX + spec.rpc().metadataType());
    ObjectNode generic = md.putObject("genericMetadata");
    if (spec.partialFailures() != null && !spec.partialFailures().isEmpty()) {
      generic.set("partialFailures", spec.partialFailures().deepCopy());
    }
    generic.put("createTime", EmulatorJson.protoTimestamp(v.createTime()));
    generic.put("updateTime", EmulatorJson.protoTimestamp(v.updateTime()));
    if (spec.metadataExtra() != null) {
      md.setAll(spec.metadataExtra().deepCopy());
    }
    if (spec.rpc() == VertexRpc.DEPLOY_MODEL) {
      md.put("deploymentStage", !v.done() ? "STARTING_MODEL_SERVER"
          : v.error() != null ? "FAILED_TO_DEPLOY" : "SUCCESSFULLY_DEPLOYED");
    }
    if (v.done()) {
      op.put("done", true);
      if (v.error() != null) {
        op.set("error", v.error().deepCopy());
      } else if (v.response() != null) {
        op.set("response", v.response().deepCopy());
      }
    }
    return ints ? (ObjectNode) EmulatorJson.enumsAsInts(op) : op;
  }
}
