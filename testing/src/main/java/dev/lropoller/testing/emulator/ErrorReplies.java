package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** AIP-193 error bodies: {@code {"error": {"code": http, "message", "status", "details"}}}. */
final class ErrorReplies {
  static final String DOMAIN = "automl.googleapis.com";

  private static final Map<Integer, String> STATUS_BY_HTTP =
      Map.ofEntries(
          Map.entry(400, "INVALID_ARGUMENT"),
          Map.entry(401, "UNAUTHENTICATED"),
          Map.entry(403, "PERMISSION_DENIED"),
          Map.entry(404, "NOT_FOUND"),
          Map.entry(409, "ABORTED"),
          Map.entry(429, "RESOURCE_EXHAUSTED"),
          Map.entry(499, "CANCELLED"),
          Map.entry(500, "INTERNAL"),
          Map.entry(501, "UNIMPLEMENTED"),
          Map.entry(502, "UNAVAILABLE"),
          Map.entry(503, "UNAVAILABLE"),
          Map.entry(504, "DEADLINE_EXCEEDED"));

  private ErrorReplies() {}

  /** The rpc status name the emulator uses for an HTTP status. */
  static String statusName(int http) {
    return STATUS_BY_HTTP.getOrDefault(http, http >= 500 ? "UNKNOWN" : "FAILED_PRECONDITION");
  }

  /** An AIP-193 reply with an ErrorInfo detail carrying {@code reason}, plus extra details. */
  static Reply error(int http, String message, String reason, List<JsonNode> extraDetails) {
    ObjectNode root = EmulatorJson.object();
    ObjectNode err = root.putObject("error");
    err.put("code", http);
    err.put("message", message);
    err.put("status", statusName(http));
    ArrayNode details = err.putArray("details");
    details.add(StatusDetails.errorInfo(reason, DOMAIN, Map.of()));
    extraDetails.forEach(details::add);
    return Reply.json(http, root);
  }

  static Reply error(int http, String message, String reason) {
    return error(http, message, reason, List.of());
  }

  static Reply notFound(String what) {
    return error(404, what, "NOT_FOUND");
  }

  static Reply invalidArgument(String message) {
    return error(400, message, "INVALID_ARGUMENT");
  }
}
