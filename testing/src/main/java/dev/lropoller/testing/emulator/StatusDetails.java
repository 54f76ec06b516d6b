package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Factories for {@code google.rpc.Status} detail messages in their Any JSON form ({@code @type}
 * plus the message's fields), for use in {@link OperationScript.Builder#failure} and
 * {@link AutoMlEmulator#fail}.
 *
 * <p>Each call returns a new mutable Jackson node; the emulator copies what it is given.
 */
public final class StatusDetails {
  private StatusDetails() {}

  /**
   * A {@code google.rpc.ErrorInfo}.
   *
   * @param reason the UPPER_SNAKE reason, e.g. {@code "RESOURCE_EXHAUSTED"}; not null
   * @param domain the error domain, e.g. {@code "automl.googleapis.com"}; not null
   * @param metadata extra string pairs, may be empty; not null
   * @return {@code {"@type": ".../google.rpc.ErrorInfo", "reason", "domain", "metadata"}}
   * @throws NullPointerException if an argument is null
   */
  public static ObjectNode errorInfo(String reason, String domain, Map<String, String> metadata) {
    ObjectNode n = any("google.rpc.ErrorInfo");
    n.put("reason", Objects.requireNonNull(reason, "reason"));
    n.put("domain", Objects.requireNonNull(domain, "domain"));
    ObjectNode md = n.putObject("metadata");
    Objects.requireNonNull(metadata, "metadata").forEach(md::put);
    return n;
  }

  /**
   * A {@code google.rpc.BadRequest} with one field violation.
   *
   * @param field the offending field path, e.g. {@code "model.display_name"}; not null
   * @param description why it is wrong; not null
   * @return {@code {"@type": ".../google.rpc.BadRequest", "fieldViolations": [{...}]}}
   * @throws NullPointerException if an argument is null
   */
  public static ObjectNode badRequest(String field, String description) {
    ObjectNode n = any("google.rpc.BadRequest");
    ObjectNode v = n.putArray("fieldViolations").addObject();
    v.put("field", Objects.requireNonNull(field, "field"));
    v.put("description", Objects.requireNonNull(description, "description"));
    return n;
  }

  /**
   * A {@code google.rpc.QuotaFailure} with one violation, as Google sends with a 429 for a quota.
   *
   * @param subject what is over quota, e.g. {@code "projects/my-project"}; not null
   * @param description which quota and how; not null
   * @return {@code {"@type": ".../google.rpc.QuotaFailure", "violations": [{"subject", "description"}]}}
   * @throws NullPointerException if an argument is null
   */
  public static ObjectNode quotaFailure(String subject, String description) {
    ObjectNode n = any("google.rpc.QuotaFailure");
    ObjectNode v = n.putArray("violations").addObject();
    v.put("subject", Objects.requireNonNull(subject, "subject"));
    v.put("description", Objects.requireNonNull(description, "description"));
    return n;
  }

  /**
   * A {@code google.rpc.RetryInfo}.
   *
   * @param retryDelay how long the client should wait; not null, not negative
   * @return {@code {"@type": ".../google.rpc.RetryInfo", "retryDelay": "2.5s"}}
   * @throws NullPointerException if {@code retryDelay} is null
   * @throws IllegalArgumentException if it is negative
   */
  public static ObjectNode retryInfo(Duration retryDelay) {
    if (Objects.requireNonNull(retryDelay, "retryDelay").isNegative()) {
      throw new IllegalArgumentException("retryDelay must not be negative: " + retryDelay);
    }
    ObjectNode n = any("google.rpc.RetryInfo");
    n.put("retryDelay", EmulatorJson.duration(retryDelay));
    return n;
  }

  private static ObjectNode any(String type) {
    ObjectNode n = EmulatorJson.object();
    n.put("@type", EmulatorJson.TYPE_PREFIX + type);
    return n;
  }
}
