package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** AIP-193 error bodies: {@code {"error": {"code": http, "message", "status", "details"}}}. */
final class ErrorReplies {
  static final String DOMAIN = "automl.googleapis.com";
  private static final String QUOTA_METRIC_NAME = "Operation requests";
  private static final String QUOTA_LIMIT_NAME = "Operation requests per minute per project";

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
    return error(http, statusName(http), message, reason, extraDetails);
  }

  /** An AIP-193 reply whose rpc status is not the one {@link #statusName} gives the HTTP status. */
  static Reply error(int http, String status, String message, String reason, List<JsonNode> extraDetails) {
    ObjectNode root = EmulatorJson.object();
    ObjectNode err = root.putObject("error");
    err.put("code", http);
    err.put("message", message);
    err.put("status", status);
    ArrayNode details = err.putArray("details");
    details.add(StatusDetails.errorInfo(reason, DOMAIN, Map.of()));
    extraDetails.forEach(details::add);
    return Reply.json(http, root);
  }

  /**
   * The 429 Google sends when a project is over a per-minute quota: RESOURCE_EXHAUSTED with an
   * ErrorInfo (reason {@code RATE_LIMIT_EXCEEDED}, domain {@code googleapis.com}, the quota's
   * metadata), a QuotaFailure naming the project, a RetryInfo with the exact delay and a
   * {@code Retry-After} header in whole seconds (at least 1).
   */
  static Reply quotaExceeded(ProjectQuotas.Rejection r) {
    if (r.location() != null) {
      return regionalQuotaExceeded(r);
    }
    String consumer = "projects/" + r.project();
    ObjectNode root = EmulatorJson.object();
    ObjectNode err = root.putObject("error");
    err.put("code", 429);
    err.put("message", "Quota exceeded for quota metric '" + QUOTA_METRIC_NAME + "' and limit '"
        + QUOTA_LIMIT_NAME + "' of service '" + DOMAIN + "' for consumer '" + consumer + "'.");
    err.put("status", statusName(429));
    ArrayNode details = err.putArray("details");
    details.add(StatusDetails.errorInfo("RATE_LIMIT_EXCEEDED", "googleapis.com", Map.of(
        "service", DOMAIN,
        "consumer", consumer,
        "quota_metric", DOMAIN + "/operation_requests",
        "quota_limit", "OperationRequestsPerMinutePerProject",
        "quota_limit_value", Integer.toString(r.quota()))));
    details.add(StatusDetails.quotaFailure(consumer, "Quota exceeded for quota metric '"
        + QUOTA_METRIC_NAME + "': " + r.quota() + " requests per minute."));
    details.add(StatusDetails.retryInfo(r.delay()));
    return Reply.json(429, root).header("Retry-After", Long.toString(r.retryAfterSeconds()));
  }

  /**
   * The 429 for a quota per project and region, as Vertex AI counts resource-management requests:
   * as {@link #quotaExceeded} but for service {@code aiplatform.googleapis.com}, with the region in
   * the message and as the ErrorInfo's {@code quota_location}.
   */
  private static Reply regionalQuotaExceeded(ProjectQuotas.Rejection r) {
    String service = "aiplatform.googleapis.com";
    String metric = "Resource management (CRUD) requests";
    String consumer = "projects/" + r.project();
    ObjectNode root = EmulatorJson.object();
    ObjectNode err = root.putObject("error");
    err.put("code", 429);
    err.put("message", "Quota exceeded for quota metric '" + metric + "' and limit '" + metric
        + " per minute per region' of service '" + service + "' for consumer '" + consumer
        + "' in region '" + r.location() + "'.");
    err.put("status", statusName(429));
    ArrayNode details = err.putArray("details");
    details.add(StatusDetails.errorInfo("RATE_LIMIT_EXCEEDED", "googleapis.com", Map.of(
        "service", service,
        "consumer", consumer,
        "quota_metric", service + "/resource_management_requests",
        "quota_limit", "ResourceManagementRequestsPerMinutePerProjectPerRegion",
        "quota_limit_value", Integer.toString(r.quota()),
        "quota_location", r.location())));
    details.add(StatusDetails.quotaFailure(consumer, "Quota exceeded for quota metric '" + metric
        + "' in region '" + r.location() + "': " + r.quota() + " requests per minute."));
    details.add(StatusDetails.retryInfo(r.delay()));
    return Reply.json(429, root).header("Retry-After", Long.toString(r.retryAfterSeconds()));
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
