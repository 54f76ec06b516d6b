package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one emulated operation is and how it ends: its {@link AutoMlRpc}, its parent, how it
 * progresses (after a number of polls, over time on the emulator's clock, or never by itself)
 * and its outcome (the kind's success response, a custom response, or a {@code google.rpc.Status}
 * error).
 *
 * <p>Immutable and thread-safe; build with {@link #builder(AutoMlRpc)} and change a copy with
 * {@link #toBuilder()}. Defaults: parent {@value #DEFAULT_PARENT}, done after 3 polls, success.
 */
public final class OperationScript {
  /** The parent used when none is given. */
  public static final String DEFAULT_PARENT = "projects/demo-project/locations/us-central1";

  private static final Pattern PARENT = Pattern.compile("[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");

  private final AutoMlRpc kind;
  private final String parent;
  private final String displayName;
  private final String datasetId;
  private final int pollsToDone;
  private final Duration duration;
  private final ObjectNode error;
  private final JsonNode response;
  private final ObjectNode details;

  private OperationScript(Builder b) {
    this.kind = b.kind;
    this.parent = b.parent;
    this.displayName = b.displayName;
    this.datasetId = b.datasetId;
    this.pollsToDone = b.pollsToDone;
    this.duration = b.duration;
    this.error = b.error == null ? null : b.error.deepCopy();
    this.response = b.response == null ? null : b.response.deepCopy();
    this.details = b.details == null ? null : b.details.deepCopy();
  }

  /**
   * A builder for an operation of the given kind with the defaults described on the class.
   *
   * @param kind which RPC the operation stands for; not null
   * @return a new builder
   * @throws NullPointerException if {@code kind} is null
   */
  public static Builder builder(AutoMlRpc kind) {
    return new Builder(kind);
  }

  /**
   * The default script for a kind: default parent, done after 3 polls, success.
   *
   * @param kind which RPC the operation stands for; not null
   * @return the script
   * @throws NullPointerException if {@code kind} is null
   */
  public static OperationScript of(AutoMlRpc kind) {
    return builder(kind).build();
  }

  /**
   * A builder holding this script's values.
   *
   * @return a new builder; changing it does not change this script
   */
  public Builder toBuilder() {
    Builder b = new Builder(kind);
    b.parent = parent;
    b.displayName = displayName;
    b.datasetId = datasetId;
    b.pollsToDone = pollsToDone;
    b.duration = duration;
    b.error = error;
    b.response = response;
    b.details = details;
    return b;
  }

  /**
   * The kind of RPC this operation stands for.
   *
   * @return the kind, never null
   */
  public AutoMlRpc kind() {
    return kind;
  }

  /**
   * The parent resource name under which the operation (and any created resource) lives.
   *
   * @return e.g. {@code projects/demo-project/locations/us-central1}
   */
  public String parent() {
    return parent;
  }

  /**
   * The display name of a created model or dataset.
   *
   * @return the name, or empty when none was set
   */
  public Optional<String> displayName() {
    return Optional.ofNullable(displayName);
  }

  /**
   * The number of polls after which the operation is done.
   *
   * @return n &gt;= 1, or empty when the operation progresses over time or never by itself
   */
  public Optional<Integer> doneAfterPolls() {
    return pollsToDone > 0 ? Optional.of(pollsToDone) : Optional.empty();
  }

  /**
   * How long after its start the operation is done, on the emulator's clock.
   *
   * @return the duration, or empty when it progresses by polls or never by itself
   */
  public Optional<Duration> doneAfter() {
    return Optional.ofNullable(duration);
  }

  /**
   * Whether the operation ends with an error.
   *
   * @return true if a failure status was set
   */
  public boolean fails() {
    return error != null;
  }

  String datasetIdOrNull() {
    return datasetId;
  }

  String displayNameOrNull() {
    return displayName;
  }

  int pollsToDone() {
    return pollsToDone;
  }

  Duration durationOrNull() {
    return duration;
  }

  ObjectNode errorOrNull() {
    return error == null ? null : error.deepCopy();
  }

  JsonNode responseOrNull() {
    return response == null ? null : response.deepCopy();
  }

  ObjectNode detailsOrNull() {
    return details == null ? null : details.deepCopy();
  }

  /**
   * Describes the script without its JSON payloads.
   *
   * @return e.g. {@code OperationScript[CREATE_MODEL under projects/p/locations/l, after 3 polls, success]}
   */
  @Override
  public String toString() {
    String progress =
        pollsToDone > 0 ? "after " + pollsToDone + " polls" : duration != null ? "after " + duration : "never by itself";
    return "OperationScript[" + kind + " under " + parent + ", " + progress + ", "
        + (error != null ? "failure " + error.path("code").asInt() : "success") + "]";
  }

  /** Mutable builder of an {@link OperationScript}; not thread-safe. */
  public static final class Builder {
    private AutoMlRpc kind;
    private String parent = DEFAULT_PARENT;
    private String displayName;
    private String datasetId;
    private int pollsToDone = 3;
    private Duration duration;
    private ObjectNode error;
    private JsonNode response;
    private ObjectNode details;

    private Builder(AutoMlRpc kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Sets the kind.
     *
     * @param kind not null
     * @return this builder
     * @throws NullPointerException if {@code kind} is null
     */
    public Builder kind(AutoMlRpc kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Sets the parent; the operation is named {@code {parent}/operations/{id}}. Deeper, Vertex
     * style parents such as {@code projects/p/locations/l/datasets/d} are allowed.
     *
     * @param parent slash-separated segments without a leading or trailing slash; not null
     * @return this builder
     * @throws IllegalArgumentException if a segment is empty or has characters outside
     *     {@code [A-Za-z0-9._~-]}
     */
    public Builder parent(String parent) {
      Objects.requireNonNull(parent, "parent");
      if (!PARENT.matcher(parent).matches()) {
        throw new IllegalArgumentException("invalid parent: \"" + parent + "\"");
      }
      this.parent = parent;
      return this;
    }

    /**
     * Sets the display name echoed by a created model or dataset.
     *
     * @param displayName the name, or null for none
     * @return this builder
     */
    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    /**
     * Sets the {@code datasetId} echoed by a created model.
     *
     * @param datasetId the id, or null for none
     * @return this builder
     */
    public Builder datasetId(String datasetId) {
      this.datasetId = datasetId;
      return this;
    }

    /**
     * Makes the {@code n}-th poll ({@code GET} or {@code :wait} answer) of the operation the first
     * to show it done. Earlier polls show {@code progressPercent = 100 * k / n}.
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder doneAfterPolls(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("doneAfterPolls needs n >= 1, got " + n);
      }
      this.pollsToDone = n;
      this.duration = null;
      return this;
    }

    /**
     * Makes the operation done {@code d} after its start on the emulator's clock;
     * {@code progressPercent} and {@code updateTime} advance linearly until then.
     *
     * @param d positive duration; not null
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is zero or negative
     */
    public Builder doneAfter(Duration d) {
      if (Objects.requireNonNull(d, "d").isZero() || d.isNegative()) {
        throw new IllegalArgumentException("doneAfter needs a positive duration, got " + d);
      }
      this.duration = d;
      this.pollsToDone = 0;
      return this;
    }

    /**
     * Makes the operation run until {@link AutoMlEmulator#markDone}, {@link AutoMlEmulator#fail}
     * or a cancel ends it.
     *
     * @return this builder
     */
    public Builder neverDone() {
      this.duration = null;
      this.pollsToDone = 0;
      return this;
    }

    /**
     * Ends the operation with the kind's success response (the default), clearing any failure.
     *
     * @return this builder
     */
    public Builder success() {
      this.error = null;
      return this;
    }

    /**
     * Ends the operation with a {@code google.rpc.Status} error.
     *
     * @param code the rpc code number (1..16), not an HTTP status
     * @param message the status message; not null
     * @param details Any JSON objects with {@code @type} (see {@link StatusDetails}); copied
     * @return this builder
     * @throws IllegalArgumentException if {@code code} is outside 1..16 or a detail lacks
     *     {@code @type}
     */
    public Builder failure(int code, String message, JsonNode... details) {
      this.error = statusJson(code, message, details);
      return this;
    }

    /**
     * Replaces the success response with this JSON, used verbatim as the Operation's
     * {@code response} (include its {@code @type}).
     *
     * @param response a JSON object, or null to use the kind's default response
     * @return this builder
     * @throws IllegalArgumentException if {@code response} is not an object
     */
    public Builder response(JsonNode response) {
      if (response != null && !response.isObject()) {
        throw new IllegalArgumentException("response must be a JSON object");
      }
      this.response = response == null ? null : response.deepCopy();
      return this;
    }

    /**
     * Replaces the kind's details message inside the metadata (default {@code {}}, or
     * {@code {"outputInfo": {"gcsOutputDirectory": ...}}} for exports and batch predict).
     *
     * @param details a JSON object, or null for the default
     * @return this builder
     */
    public Builder details(ObjectNode details) {
      this.details = details == null ? null : details.deepCopy();
      return this;
    }

    /**
     * Builds the immutable script.
     *
     * @return the script
     */
    public OperationScript build() {
      return new OperationScript(this);
    }
  }

  static ObjectNode statusJson(int code, String message, JsonNode... details) {
    if (code < 1 || code > 16) {
      throw new IllegalArgumentException("rpc code must be 1..16, got " + code);
    }
    ObjectNode status = EmulatorJson.object();
    status.put("code", code);
    status.put("message", Objects.requireNonNull(message, "message"));
    if (details.length > 0) {
      ArrayNode arr = status.putArray("details");
      for (JsonNode d : details) {
        if (d == null || !d.isObject() || !d.path("@type").isTextual()) {
          throw new IllegalArgumentException("each detail must be a JSON object with an @type");
        }
        arr.add(d.deepCopy());
      }
    }
    return status;
  }
}
