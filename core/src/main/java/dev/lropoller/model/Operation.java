package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;
import dev.lropoller.internal.ProtoJson;
import dev.lropoller.internal.Texts;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.StringJoiner;

/**
 * One snapshot of a {@code google.longrunning.Operation}, as returned by one poll. Immutable and
 * fully validated when parsed: every accessor is cheap and never throws.
 *
 * <p>Parsing follows ProtoJSON: lowerCamelCase or snake_case names, int64 as strings or
 * numbers, enums as names or numbers, RFC 3339 timestamps, unknown fields ignored, JSON
 * {@code null} read as absent.
 *
 * <p>Bodies are read as untrusted input, within fixed limits: nesting at most 100 deep (as
 * protobuf's own parsers), at most 8 MiB and 1,000,000 tokens, strings of at most 1 Mi
 * characters, numbers of at most 100 characters, property names of at most 4096. A body over a
 * limit, with a duplicate key, not in UTF-8 (a leading UTF-8 byte-order mark is skipped) or with
 * a field of the wrong type is refused with an {@link UnexpectedResponseException}; parsing
 * never overflows the stack and its memory stays proportional to the limits.
 */
public final class Operation extends JsonValue {
  /**
   * The largest body {@link #parse(byte[])} reads: 8 MiB. A larger one fails with an
   * {@link UnexpectedResponseException} before it is parsed; a transport's response cap above this
   * value would only buffer what cannot be read.
   */
  public static final int MAX_BODY_BYTES = ProtoJson.MAX_DOCUMENT_BYTES;

  private static final ProtoField NAME = ProtoField.of("name");
  private static final ProtoField DONE = ProtoField.of("done");
  private static final ProtoField METADATA = ProtoField.of("metadata");
  private static final ProtoField ERROR = ProtoField.of("error");
  private static final ProtoField RESPONSE = ProtoField.of("response");
  private static final ProtoField ANY_TYPE = ProtoField.of("@type");

  private final String name;
  private final boolean done;
  private final Optional<String> metadataType;
  private final OperationMetadata metadata;
  private final Optional<RpcStatus> error;
  private final Optional<String> responseType;
  private final JsonNode response;
  /**
   * The job this is the view of, when {@link Job#asOperation()} made it, so that
   * {@link Job#fromView} need not read the job again on every poll; {@code null} otherwise.
   */
  private final Job sourceJob;
  /**
   * A job view's JSON, built from {@link #sourceJob} when first asked for: the engine reads a
   * view's fields on every poll but its JSON rarely. Volatile, so a reader sees the tree whole;
   * two threads may each build one, and either is kept: they are equal and never changed.
   */
  private volatile JsonNode viewTree;

  private Operation(JsonNode json, Job sourceJob, String name, boolean done,
      Optional<String> metadataType, OperationMetadata metadata, Optional<RpcStatus> error,
      Optional<String> responseType, JsonNode response) {
    super(json);
    this.sourceJob = sourceJob;
    this.name = name;
    this.done = done;
    this.metadataType = metadataType;
    this.metadata = metadata;
    this.error = error;
    this.responseType = responseType;
    this.response = response;
  }

  /**
   * Parses an operation body (UTF-8 JSON).
   *
   * @param json the body
   * @return the snapshot
   * @throws UnexpectedResponseException if the body is empty, not JSON, over a parser limit (see
   *     the class comment), not a JSON object, has no non-empty string {@code name} (operation
   *     name {@code null} in these cases), or has a field of the wrong type (operation name set);
   *     the message quotes the offending input
   */
  public static Operation parse(byte[] json) {
    JsonNode tree;
    try {
      tree = ProtoJson.readTree(json);
    } catch (JsonReadException e) {
      throw e.toUnexpected();
    }
    return read(tree);
  }

  /**
   * Parses an operation body; see {@link #parse(byte[])}.
   *
   * @param json the body
   * @return the snapshot
   * @throws UnexpectedResponseException as for {@link #parse(byte[])}
   */
  public static Operation parse(String json) {
    JsonNode tree;
    try {
      tree = ProtoJson.readTree(json);
    } catch (JsonReadException e) {
      throw e.toUnexpected();
    }
    return read(tree);
  }

  /**
   * Reads an operation from a parsed tree, such as one element of a list answer. The tree is
   * copied, so later changes to {@code node} do not show.
   *
   * @param node the operation object
   * @return the snapshot
   * @throws UnexpectedResponseException as for {@link #parse(byte[])}
   */
  public static Operation fromJson(JsonNode node) {
    return read(node == null ? null : node.deepCopy());
  }

  /** Reads a tree this class owns from now on. */
  static Operation read(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new UnexpectedResponseException(
          null, "expected an Operation JSON object, got " + ProtoJson.render(node));
    }
    JsonNode n = NAME.get(node);
    if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
      throw new UnexpectedResponseException(null,
          "expected an Operation with a non-empty string \"name\", got " + ProtoJson.render(node));
    }
    String name = n.textValue();
    try {
      boolean done = ProtoFields.bool(node, DONE, "");
      JsonNode meta = ProtoFields.message(node, METADATA, "");
      JsonNode err = ProtoFields.message(node, ERROR, "");
      JsonNode resp = ProtoFields.message(node, RESPONSE, "");
      checkAnyType(meta, METADATA);
      checkAnyType(resp, RESPONSE);
      return new Operation(
          node,
          null,
          name,
          done,
          meta == null ? Optional.empty() : ProtoFields.anyType(meta),
          meta == null ? OperationMetadata.absent() : OperationMetadata.parse(meta),
          err == null ? Optional.empty() : Optional.of(RpcStatus.fromJson(err)),
          resp == null ? Optional.empty() : ProtoFields.anyType(resp),
          resp);
    } catch (UnexpectedResponseException | JsonReadException e) {
      throw new UnexpectedResponseException(
          name, "operation " + name + ": " + e.getMessage(), e.getCause());
    }
  }

  /**
   * A job's view, from what the job has already read: the same snapshot {@link #read} would make
   * of the view's JSON, without building that JSON unless it is asked for, and remembering the
   * job.
   *
   * @param job the job
   * @param done whether the job's state is terminal
   * @param metadata the view's metadata (the job's create and update times)
   * @param error the job's end error, if it ended with one
   * @param response the job's JSON
   */
  static Operation viewOf(Job job, boolean done, OperationMetadata metadata,
      Optional<RpcStatus> error, JsonNode response) {
    String name = job.name();
    try {
      checkAnyType(response, RESPONSE);
    } catch (JsonReadException e) {
      throw new UnexpectedResponseException(
          name, "operation " + name + ": " + e.getMessage(), e.getCause());
    }
    return new Operation(null, job, name, done, Optional.empty(), metadata, error,
        ProtoFields.anyType(response), response);
  }

  /** The job this view was made from, or {@code null}. */
  Job sourceJob() {
    return sourceJob;
  }

  @Override
  JsonNode tree() {
    if (sourceJob == null) {
      return json;
    }
    JsonNode t = viewTree;
    if (t == null) {
      t = sourceJob.viewTree(metadata.tree());
      viewTree = t;
    }
    return t;
  }

  /** An {@code Any} whose {@code "@type"} is present but not a string is malformed. */
  private static void checkAnyType(JsonNode any, ProtoField field) {
    JsonNode type = any == null ? null : ANY_TYPE.get(any);
    if (type != null && !type.isTextual()) {
      throw ProtoFields.wrongType(field.jsonName(), ANY_TYPE, "a type URL string", type);
    }
  }

  /**
   * The resource name, such as {@code projects/p/locations/us-central1/operations/ICN123}.
   *
   * @return the name, never empty
   */
  public String name() {
    return name;
  }

  /**
   * The last path segment of {@link #name()}, such as {@code ICN123}.
   *
   * @return the id
   */
  public String id() {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /**
   * Whether the operation has finished.
   *
   * @return {@code done}; {@code false} when absent
   */
  public boolean done() {
    return done;
  }

  /**
   * {@code metadata.progressPercent} (or {@code progress_percent}).
   *
   * @return the progress, empty when absent
   */
  public OptionalInt progressPercent() {
    return metadata.progressPercent();
  }

  /**
   * The metadata's type name, such as {@code google.cloud.automl.v1.OperationMetadata}.
   *
   * @return the part of {@code metadata["@type"]} after the last {@code /}; empty without
   *     metadata or {@code @type}
   */
  public Optional<String> metadataType() {
    return metadataType;
  }

  /**
   * The metadata, read as AutoML {@code OperationMetadata}.
   *
   * @return never null; kind {@link OperationKind#UNKNOWN} and empty values when absent
   */
  public OperationMetadata metadata() {
    return metadata;
  }

  /**
   * The {@code error} of a finished operation.
   *
   * @return the status, empty when absent
   */
  public Optional<RpcStatus> error() {
    return error;
  }

  /**
   * The response's type name, such as {@code google.cloud.automl.v1.Model} or
   * {@code google.protobuf.Empty}.
   *
   * @return the part of {@code response["@type"]} after the last {@code /}; empty without a
   *     response or without {@code @type}
   */
  public Optional<String> responseType() {
    return responseType;
  }

  /**
   * The {@code response}: the {@code Any} object as sent, with {@code "@type"}.
   *
   * @return a copy of it, empty when absent
   */
  public Optional<JsonNode> response() {
    return response == null ? Optional.empty() : Optional.of(response.deepCopy());
  }

  /** The response tree without a copy, for {@link ResponseType}. */
  JsonNode responseNode() {
    return response;
  }

  /**
   * Short form, such as
   * {@code "Operation{projects/p/locations/l/operations/ICN1, done, CREATE_MODEL, 40%,
   * response=google.cloud.automl.v1.Model}"}.
   */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "Operation{", "}");
    j.add(Texts.excerpt(name, Texts.MAX_QUOTE, false));
    j.add(done ? "done" : "running");
    if (metadata.kind() != OperationKind.UNKNOWN) {
      j.add(metadata.kind().name());
    }
    progressPercent().ifPresent(p -> j.add(p + "%"));
    error.ifPresent(e -> j.add("error=" + e));
    if (response != null) {
      j.add("response=" + responseType.orElse("?"));
    }
    return j.toString();
  }
}
