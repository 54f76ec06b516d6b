package dev.lropoller.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.OperationCancelledException;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.model.BatchPredictResult;
import dev.lropoller.model.ModelRef;
import dev.lropoller.model.RpcStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One typed result or error, with the lines that describe it to a person.
 *
 * @param outcome the kind of ending
 * @param value the {@code ModelRef} or {@code BatchPredictResult}, or null
 * @param error the exception, or null
 * @param lines a readable description, one fact per line
 */
record TypedOutcome(Outcome outcome, Object value, Throwable error, List<String> lines) {

  static TypedOutcome completed() {
    return new TypedOutcome(Outcome.COMPLETED, null, null,
        List.of("completion() completed: done, response google.protobuf.Empty"));
  }

  static TypedOutcome model(ModelRef m) {
    return new TypedOutcome(Outcome.MODEL, m, null, List.of(
        "model() -> ModelRef",
        "  name            " + m.name(),
        "  project         " + m.project(),
        "  location        " + m.location(),
        "  modelId         " + m.modelId(),
        "  displayName     " + m.displayName(),
        "  datasetId       " + m.datasetId(),
        "  deploymentState " + m.deploymentState()));
  }

  static TypedOutcome batch(BatchPredictResult r) {
    List<String> lines = new ArrayList<>();
    lines.add("result(name, BATCH_PREDICT_RESULT) -> BatchPredictResult");
    for (Map.Entry<String, String> e : r.metadata().entrySet()) {
      lines.add("  metadata." + e.getKey() + " = " + e.getValue());
    }
    return new TypedOutcome(Outcome.BATCH_RESULT, r, null, List.copyOf(lines));
  }

  static TypedOutcome of(Throwable e) {
    if (e instanceof OperationCancelledException c) {
      RpcStatus s = c.status();
      return new TypedOutcome(Outcome.CANCELLED, null, e, List.of(
          "OperationCancelledException: code " + s.codeNumber() + " " + s.code()
              + ", message \"" + s.message() + "\""));
    }
    if (e instanceof OperationFailedException f) {
      RpcStatus s = f.status();
      List<String> lines = new ArrayList<>();
      lines.add("OperationFailedException: code " + s.codeNumber() + " " + s.code());
      lines.add("  message \"" + s.message() + "\"");
      for (JsonNode d : s.details()) {
        lines.add("  detail  " + describe(d));
      }
      return new TypedOutcome(Outcome.FAILED, null, e, List.copyOf(lines));
    }
    return new TypedOutcome(Outcome.ERROR, null, e, List.of(String.valueOf(e)));
  }

  /** {@code google.rpc.BadRequest {"fieldViolations":[...]}}: the short type, then the rest. */
  static String describe(JsonNode detail) {
    String type = detail.path("@type").asText("");
    String shortType = type.substring(type.lastIndexOf('/') + 1);
    JsonNode rest = detail.deepCopy();
    if (rest.isObject()) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) rest).remove("@type");
    }
    return shortType + " " + rest;
  }

  /** The rpc status of a failed or cancelled outcome, or null. */
  RpcStatus status() {
    return error instanceof OperationFailedException f ? f.status() : null;
  }
}
