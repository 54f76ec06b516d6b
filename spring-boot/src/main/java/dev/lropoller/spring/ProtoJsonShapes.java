package dev.lropoller.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lropoller.model.BatchPredictResult;
import dev.lropoller.model.DatasetRef;
import dev.lropoller.model.Job;
import dev.lropoller.model.JsonValue;
import dev.lropoller.model.ModelRef;
import dev.lropoller.model.Operation;
import dev.lropoller.model.OperationMetadata;
import dev.lropoller.model.RpcStatus;
import java.util.List;

/**
 * The ProtoJSON tree of each model type: the body the API sent for those that keep it, and the
 * {@code google.rpc.Status} shape for {@link RpcStatus}.
 */
final class ProtoJsonShapes {
  /** The types both Jackson modules write. */
  static final List<Class<?>> TYPES =
      List.of(Operation.class, ModelRef.class, DatasetRef.class, BatchPredictResult.class,
          Job.class, OperationMetadata.class, RpcStatus.class);

  private ProtoJsonShapes() {}

  static JsonNode of(Object value) {
    if (value instanceof JsonValue v) {
      return v.json();
    }
    if (value instanceof OperationMetadata m) {
      return m.json();
    }
    if (value instanceof RpcStatus s) {
      return status(s);
    }
    throw new IllegalArgumentException("not a model type: " + value.getClass().getName());
  }

  /** {@code {"code": 5, "message": "...", "details": [...]}}, omitting an empty message or list. */
  static ObjectNode status(RpcStatus status) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("code", status.codeNumber());
    if (!status.message().isEmpty()) {
      node.put("message", status.message());
    }
    if (!status.details().isEmpty()) {
      ArrayNode details = node.putArray("details");
      status.details().forEach(details::add);
    }
    return node;
  }
}
