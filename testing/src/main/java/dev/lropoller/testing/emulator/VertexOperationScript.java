package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one emulated Vertex AI operation is and how it ends: its {@link VertexRpc}, the resource it
 * is named under ({@code {resource}/operations/{id}}), how it progresses (as
 * {@link OperationScript}: after polls, over time, or never by itself) and whether it fails. On
 * success its response is the method's typed one, made from the resource name. Immutable;
 * default: done after 3 polls, success, no partial failures.
 */
public final class VertexOperationScript {
  private static final Pattern RESOURCE =
      Pattern.compile("projects/[A-Za-z0-9._~-]+/locations/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");

  private final VertexRpc rpc;
  private final String resource;
  private final OperationScript progress;
  private final ArrayNode partialFailures;

  private VertexOperationScript(Builder b) {
    this.rpc = b.rpc;
    this.resource = b.resource;
    this.progress = b.progress.build();
    this.partialFailures = b.partialFailures.deepCopy();
  }

  /**
   * A builder with the defaults described on the class.
   *
   * @param rpc not null
   * @param resource the name the operation lives under: for UPLOAD_MODEL the model
   *     ({@code …/models/{m}}), for DEPLOY_MODEL the endpoint, for the dataset methods the dataset,
   *     for DELETE_RESOURCE the deleted resource; it must start with
   *     {@code projects/{p}/locations/{l}}
   * @return a new builder
   * @throws IllegalArgumentException if {@code resource} is not such a name
   */
  public static Builder builder(VertexRpc rpc, String resource) {
    return new Builder(rpc, resource);
  }

  /**
   * The method.
   *
   * @return never null
   */
  public VertexRpc rpc() {
    return rpc;
  }

  /**
   * The resource the operation is named under.
   *
   * @return never null
   */
  public String resource() {
    return resource;
  }

  OperationScript progress() {
    return progress;
  }

  ArrayNode partialFailures() {
    return partialFailures.deepCopy();
  }

  /**
   * Describes the script.
   *
   * @return e.g. {@code VertexOperationScript[DEPLOY_MODEL under projects/p/locations/l/endpoints/e, after 3 polls, success]}
   */
  @Override
  public String toString() {
    String p = progress.toString();
    return "VertexOperationScript[" + rpc + " under " + resource + p.substring(p.indexOf(','), p.length() - 1) + "]";
  }

  /** Mutable builder of a {@link VertexOperationScript}; not thread-safe. */
  public static final class Builder {
    private final VertexRpc rpc;
    private final String resource;
    // The AutoML kind is a placeholder: only progress and failure are read from it.
    private final OperationScript.Builder progress = OperationScript.builder(AutoMlRpc.CREATE_MODEL);
    private final ArrayNode partialFailures = EmulatorJson.MAPPER.createArrayNode();

    private Builder(VertexRpc rpc, String resource) {
      this.rpc = Objects.requireNonNull(rpc, "rpc");
      if (!RESOURCE.matcher(Objects.requireNonNull(resource, "resource")).matches()) {
        throw new IllegalArgumentException(
            "resource must be a name under projects/{p}/locations/{l}, got \"" + resource + "\"");
      }
      this.resource = resource;
    }

    /**
     * Done on the {@code n}-th poll.
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder doneAfterPolls(int n) {
      progress.doneAfterPolls(n);
      return this;
    }

    /**
     * Done {@code d} after its start on the emulator's clock.
     *
     * @param d positive; not null
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder doneAfter(Duration d) {
      progress.doneAfter(d);
      return this;
    }

    /**
     * Runs until cancelled (or {@link AutoMlEmulator#markDone} / {@link AutoMlEmulator#fail}).
     *
     * @return this builder
     */
    public Builder neverDone() {
      progress.neverDone();
      return this;
    }

    /**
     * Ends with this {@code google.rpc.Status} instead of the response.
     *
     * @param code 1..16
     * @param message not null
     * @return this builder
     * @throws IllegalArgumentException if the code is outside 1..16
     */
    public Builder failure(int code, String message) {
      progress.failure(code, message);
      return this;
    }

    /**
     * Adds a {@code genericMetadata.partialFailures} entry (Google keeps at most 20).
     *
     * @param code 1..16
     * @param message not null
     * @return this builder
     * @throws IllegalArgumentException if the code is outside 1..16 or 20 are already listed
     */
    public Builder partialFailure(int code, String message) {
      if (partialFailures.size() == 20) {
        throw new IllegalArgumentException("genericMetadata.partialFailures holds at most 20, got a 21st: " + message);
      }
      partialFailures.add(OperationScript.statusJson(code, message));
      return this;
    }

    /**
     * Builds the script.
     *
     * @return the script
     */
    public VertexOperationScript build() {
      return new VertexOperationScript(this);
    }
  }
}
