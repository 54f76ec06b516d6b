package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;
import dev.lropoller.internal.ProtoJson;
import dev.lropoller.internal.Texts;
import dev.lropoller.spi.RetryAfter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code google.rpc.Status}: the {@code error} of a finished operation, or the parsed body of
 * an HTTP error answer. Immutable.
 */
public final class RpcStatus {
  private static final ProtoField CODE = ProtoField.of("code");
  private static final ProtoField MESSAGE = ProtoField.of("message");
  private static final ProtoField DETAILS = ProtoField.of("details");
  private static final ProtoField STATUS = ProtoField.of("status");
  private static final ProtoField REASON = ProtoField.of("reason");
  private static final ProtoField DOMAIN = ProtoField.of("domain");
  private static final ProtoField RETRY_DELAY = ProtoField.of("retryDelay");
  private static final String ERROR_INFO = "google.rpc.ErrorInfo";
  private static final String RETRY_INFO = "google.rpc.RetryInfo";
  private static final int BODY_EXCERPT = 120;

  private final RpcCode code;
  private final int codeNumber;
  private final String message;
  private final List<JsonNode> details;

  private RpcStatus(RpcCode code, int codeNumber, String message, List<JsonNode> details) {
    this.code = code;
    this.codeNumber = codeNumber;
    this.message = message;
    this.details = details;
  }

  /**
   * A status without details.
   *
   * @param code the code
   * @param message the developer-facing message; {@code null} is read as {@code ""}
   * @return the status
   * @throws NullPointerException if {@code code} is null
   */
  public static RpcStatus of(RpcCode code, String message) {
    return of(code, message, List.of());
  }

  /**
   * A status with details.
   *
   * @param code the code
   * @param message the developer-facing message; {@code null} is read as {@code ""}
   * @param details {@code google.protobuf.Any} objects (with {@code "@type"}); copied
   * @return the status
   * @throws NullPointerException if {@code code}, {@code details} or a detail is null
   */
  public static RpcStatus of(RpcCode code, String message, List<JsonNode> details) {
    Objects.requireNonNull(code, "code must not be null");
    Objects.requireNonNull(details, "details must not be null (use List.of())");
    List<JsonNode> copy = new ArrayList<>(details.size());
    for (JsonNode d : details) {
      copy.add(Objects.requireNonNull(d, "details must not contain null").deepCopy());
    }
    return new RpcStatus(
        code, code.number(), message == null ? "" : message, Collections.unmodifiableList(copy));
  }

  /**
   * Reads a {@code google.rpc.Status} object: {@code {"code": 5, "message": "...", "details":
   * [...]}} where {@code code} is the rpc number (a code name such as {@code "NOT_FOUND"} or a
   * numeric string is accepted too). Absent {@code code} gives {@link RpcCode#OK}, absent
   * {@code message} {@code ""}, absent {@code details} an empty list; an unknown number gives
   * {@link RpcCode#UNKNOWN} with {@link #codeNumber()} keeping the number.
   *
   * @param statusNode the object
   * @return the status
   * @throws UnexpectedResponseException (operation name {@code null}) if the node is not an
   *     object or a field has the wrong type, quoting it
   */
  public static RpcStatus fromJson(JsonNode statusNode) {
    try {
      return read(statusNode);
    } catch (JsonReadException e) {
      throw e.toUnexpected();
    }
  }

  private static RpcStatus read(JsonNode statusNode) {
    if (statusNode == null || !statusNode.isObject()) {
      throw new UnexpectedResponseException(
          null, "expected a google.rpc.Status object, got " + ProtoJson.render(statusNode));
    }
    JsonNode c = CODE.get(statusNode);
    RpcCode code;
    int number;
    Optional<RpcCode> named = c != null && c.isTextual() ? RpcCode.forName(c.textValue())
        : Optional.empty();
    if (named.isPresent()) {
      code = named.get();
      number = code.number();
    } else {
      number = ProtoFields.int32(statusNode, CODE, "error").orElse(0);
      code = RpcCode.forNumber(number);
    }
    String message = ProtoFields.string(statusNode, MESSAGE, "error");
    return new RpcStatus(code, number, message, readDetails(statusNode));
  }

  private static List<JsonNode> readDetails(JsonNode statusNode) {
    JsonNode arr = ProtoFields.array(statusNode, DETAILS, "error");
    if (arr == null || arr.isEmpty()) {
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>(arr.size());
    for (JsonNode d : arr) {
      if (!d.isObject()) {
        throw new UnexpectedResponseException(
            null, "field error.details: expected Any objects, got " + ProtoJson.render(d));
      }
      out.add(d);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Reads an HTTP error answer. An AIP-193 body {@code {"error": {"code": <HTTP status>,
   * "message": ..., "status": "NOT_FOUND", "details": [...]}}} gives the code named by
   * {@code status}, else {@link RpcCode#fromHttpStatus(int)}. Anything else still gives a status
   * from the HTTP code whose message says what came: {@code "HTTP 503 with an empty body"},
   * {@code "HTTP 502 with a non-JSON body (text/html?): <first 120 printable chars>"}, or
   * {@code "HTTP 400 with an unrecognised JSON body: ..."}. An OAuth-style
   * {@code {"error": "invalid_grant", "error_description": "..."}} keeps both texts.
   *
   * @param httpStatus the HTTP status of the answer
   * @param body the raw body; {@code null} counts as empty
   * @return the status, never null; this method never throws
   */
  public static RpcStatus fromErrorBody(int httpStatus, byte[] body) {
    RpcCode fallback = RpcCode.fromHttpStatus(httpStatus);
    String prefix = "HTTP " + httpStatus;
    String head = body == null ? "" : Texts.decodeHead(body, 4096);
    if (head.isBlank()) {
      return of(fallback, prefix + " with an empty body");
    }
    JsonNode root;
    try {
      root = ProtoJson.readTree(body);
    } catch (RuntimeException e) {
      String kind = head.stripLeading().startsWith("<") ? " (text/html?)" : "";
      return of(fallback, prefix + " with a non-JSON body" + kind + ": "
          + Texts.excerpt(head, BODY_EXCERPT, true));
    }
    try {
      return fromErrorTree(root, fallback, prefix);
    } catch (RuntimeException e) {
      return unrecognised(fallback, prefix, root);
    }
  }

  private static RpcStatus fromErrorTree(JsonNode root, RpcCode fallback, String prefix) {
    // Some Google front ends wrap the error in a one-element array.
    if (root.isArray() && root.size() == 1 && root.get(0).has("error")) {
      root = root.get(0);
    }
    JsonNode error = root.isObject() ? root.get("error") : null;
    if (error != null && error.isTextual()) {
      String desc = root.path("error_description").asText("");
      return of(fallback, prefix + ": " + error.textValue() + (desc.isEmpty() ? "" : ": " + desc));
    }
    if (error == null || !error.isObject()) {
      return unrecognised(fallback, prefix, root);
    }
    JsonNode status = STATUS.get(error);
    RpcCode code = status != null && status.isTextual()
        ? RpcCode.forName(status.textValue()).orElse(fallback)
        : fallback;
    String message = ProtoFields.string(error, MESSAGE, "error");
    List<JsonNode> details;
    try {
      details = readDetails(error);
    } catch (UnexpectedResponseException | JsonReadException e) {
      details = List.of(); // malformed details must not hide the code and message
    }
    return new RpcStatus(code, code.number(), message.isEmpty() ? prefix : message, details);
  }

  private static RpcStatus unrecognised(RpcCode fallback, String prefix, JsonNode root) {
    return of(fallback, prefix + " with an unrecognised JSON body: " + ProtoJson.render(root));
  }

  /**
   * The canonical code.
   *
   * @return the code; {@link RpcCode#UNKNOWN} for a number outside 0..16
   */
  public RpcCode code() {
    return code;
  }

  /**
   * The code number as sent, which may lie outside 0..16.
   *
   * @return the number
   */
  public int codeNumber() {
    return codeNumber;
  }

  /**
   * The developer-facing message.
   *
   * @return the message, {@code ""} when absent
   */
  public String message() {
    return message;
  }

  /**
   * The {@code details}: {@code google.protobuf.Any} objects as sent, with {@code "@type"}.
   *
   * @return an unmodifiable list of copies, empty when absent
   */
  public List<JsonNode> details() {
    if (details.isEmpty()) {
      return details;
    }
    List<JsonNode> copy = new ArrayList<>(details.size());
    for (JsonNode d : details) {
      copy.add(d.deepCopy());
    }
    return Collections.unmodifiableList(copy);
  }

  /**
   * The {@code reason} of the first {@code google.rpc.ErrorInfo} in the details, such as
   * {@code "SERVICE_DISABLED"}.
   *
   * @return the reason; empty without an ErrorInfo or when its reason is empty
   */
  public Optional<String> reason() {
    return errorInfoField(REASON);
  }

  /**
   * The {@code domain} of the first {@code google.rpc.ErrorInfo} in the details, such as
   * {@code "googleapis.com"}.
   *
   * @return the domain; empty without an ErrorInfo or when its domain is empty
   */
  public Optional<String> domain() {
    return errorInfoField(DOMAIN);
  }

  private Optional<String> errorInfoField(ProtoField field) {
    JsonNode info = firstDetail(ERROR_INFO);
    JsonNode v = info == null ? null : field.get(info);
    return v != null && v.isTextual() && !v.textValue().isEmpty()
        ? Optional.of(v.textValue())
        : Optional.empty();
  }

  /**
   * The {@code retryDelay} of the first {@code google.rpc.RetryInfo} in the details, in its JSON
   * form {@code "2.5s"} (an object {@code {"seconds": 2, "nanos": 500000000}} is accepted too).
   * Clamped like {@code Retry-After} by {@link RetryAfter#clamp}: a delay over
   * {@link RetryAfter#MAX_DELAY} (one hour), however many digits it has, gives one hour.
   *
   * @return the delay, at most {@link RetryAfter#MAX_DELAY}; empty without a RetryInfo, or when
   *     the delay is malformed or negative (it is only a hint, so a bad one is ignored rather
   *     than thrown)
   */
  public Optional<Duration> retryDelay() {
    JsonNode info = firstDetail(RETRY_INFO);
    JsonNode v = info == null ? null : RETRY_DELAY.get(info);
    Optional<Duration> d = Optional.empty();
    if (v != null && v.isTextual()) {
      d = ProtoFields.duration(v.textValue().trim());
    } else if (v != null && v.isObject()) {
      try {
        d = Optional.of(Duration.ofSeconds(
            ProtoFields.int64(v, ProtoField.of("seconds"), "retryDelay"),
            ProtoFields.int32(v, ProtoField.of("nanos"), "retryDelay").orElse(0)));
      } catch (RuntimeException e) {
        d = Optional.empty();
      }
    }
    return d.filter(x -> !x.isNegative()).map(RetryAfter::clamp);
  }

  private JsonNode firstDetail(String type) {
    for (JsonNode d : details) {
      if (ProtoFields.anyType(d).filter(type::equals).isPresent()) {
        return d;
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RpcStatus)) {
      return false;
    }
    RpcStatus that = (RpcStatus) o;
    return codeNumber == that.codeNumber && code == that.code && message.equals(that.message)
        && details.equals(that.details);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, codeNumber, message, details);
  }

  /**
   * Short form, such as {@code "NOT_FOUND: Operation not found"}; an unknown number shows as
   * {@code "UNKNOWN(42): ..."}; long messages are cut.
   */
  @Override
  public String toString() {
    String c = code.number() == codeNumber ? code.name() : code.name() + "(" + codeNumber + ")";
    return c + ": " + Texts.excerpt(message, Texts.MAX_QUOTE, false);
  }
}
