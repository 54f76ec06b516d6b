package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.StringJoiner;

/**
 * The {@code metadata} of an operation, read as {@code google.cloud.automl.v1.OperationMetadata}.
 * Other services' metadata reads as kind {@link OperationKind#UNKNOWN} with whichever of these
 * fields it shares; everything is in {@link #json()}. Immutable.
 *
 * <p>Vertex AI metadata (one type per method, such as
 * {@code google.cloud.aiplatform.v1.DeployModelOperationMetadata}) keeps its times and partial
 * failures in {@code genericMetadata}: {@link #createTime()}, {@link #updateTime()} and
 * {@link #partialFailures()} read them there when the metadata has no such field of its own, so
 * age-aware resume works for Vertex operations too. ExportData's top-level
 * {@code gcsOutputDirectory} is read by {@link #outputDirectory()}.
 */
public final class OperationMetadata {
  private static final OperationMetadata ABSENT = new OperationMetadata(
      MissingNode.getInstance(), null, OperationKind.UNKNOWN, OptionalInt.empty(),
      Optional.empty(), Optional.empty(), List.of(), Optional.empty());
  private static final ProtoField[] DETAILS = detailsFields();
  private static final ProtoField PROGRESS = ProtoField.of("progressPercent");
  private static final ProtoField CREATE_TIME = ProtoField.of("createTime");
  private static final ProtoField UPDATE_TIME = ProtoField.of("updateTime");
  private static final ProtoField PARTIAL_FAILURES = ProtoField.of("partialFailures");
  private static final ProtoField OUTPUT_INFO = ProtoField.of("outputInfo");
  private static final ProtoField GCS_OUTPUT_DIRECTORY = ProtoField.of("gcsOutputDirectory");
  private static final ProtoField GENERIC_METADATA = ProtoField.of("genericMetadata");
  private static final String PATH = "metadata";
  private static final String GENERIC_PATH = PATH + "." + GENERIC_METADATA.jsonName();

  /** The object as sent; {@code null} for a job's view, whose object is built when first asked. */
  private final JsonNode json;
  /** The job whose view this is, or {@code null}. */
  private final Job job;
  /**
   * A job view's object, once built. Volatile, so a reader sees it whole; two threads may each
   * build one, and either is kept: they are equal and never changed.
   */
  private volatile JsonNode built;
  private final OperationKind kind;
  private final OptionalInt progressPercent;
  private final Optional<Instant> createTime;
  private final Optional<Instant> updateTime;
  private final List<RpcStatus> partialFailures;
  private final Optional<String> outputDirectory;

  private OperationMetadata(JsonNode json, Job job, OperationKind kind,
      OptionalInt progressPercent, Optional<Instant> createTime, Optional<Instant> updateTime,
      List<RpcStatus> partialFailures, Optional<String> outputDirectory) {
    this.json = json;
    this.job = job;
    this.kind = kind;
    this.progressPercent = progressPercent;
    this.createTime = createTime;
    this.updateTime = updateTime;
    this.partialFailures = partialFailures;
    this.outputDirectory = outputDirectory;
  }

  private static ProtoField[] detailsFields() {
    OperationKind[] kinds = OperationKind.values();
    ProtoField[] fields = new ProtoField[kinds.length - 1];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = ProtoField.of(kinds[i].detailsField());
    }
    return fields;
  }

  /** The metadata of an operation that has none. */
  static OperationMetadata absent() {
    return ABSENT;
  }

  /**
   * The metadata of a job's operation view: its create and update times, nothing else, as
   * {@link #parse} reads {@code metadata} (which holds just those two fields, as written in the
   * job). Its object is built only when {@link #json()} or the view's JSON is asked for.
   */
  static OperationMetadata ofJobView(
      Job job, Optional<Instant> createTime, Optional<Instant> updateTime) {
    return new OperationMetadata(null, job, OperationKind.UNKNOWN, OptionalInt.empty(),
        createTime, updateTime, List.of(), Optional.empty());
  }

  /** The object as sent, or a job view's, built on first use; never handed out without a copy. */
  JsonNode tree() {
    if (json != null) {
      return json;
    }
    JsonNode t = built;
    if (t == null) {
      t = job.viewMetadata();
      built = t;
    }
    return t;
  }

  /**
   * Reads a metadata object; the caller has checked it is an object.
   *
   * @throws UnexpectedResponseException (name {@code null}) for a malformed partial failure, and
   *     {@link dev.lropoller.internal.JsonReadException} for a field of the wrong type; the caller,
   *     {@link Operation}, turns both into one error naming the operation
   */
  static OperationMetadata parse(JsonNode metadata) {
    OperationKind kind = OperationKind.UNKNOWN;
    JsonNode details = null;
    for (int i = 0; i < DETAILS.length; i++) {
      details = ProtoFields.message(metadata, DETAILS[i], PATH);
      if (details != null) {
        kind = OperationKind.values()[i];
        break;
      }
    }
    OptionalInt progress = ProtoFields.int32(metadata, PROGRESS, PATH);
    JsonNode generic = ProtoFields.message(metadata, GENERIC_METADATA, PATH);
    Optional<Instant> created = timestamp(metadata, generic, CREATE_TIME, GENERIC_PATH);
    Optional<Instant> updated = timestamp(metadata, generic, UPDATE_TIME, GENERIC_PATH);
    List<RpcStatus> failures = partialFailures(metadata, PATH);
    if (failures.isEmpty() && generic != null) {
      failures = partialFailures(generic, GENERIC_PATH);
    }
    String dir = "";
    if (details != null) {
      String path = PATH + "." + kind.detailsField();
      JsonNode info = ProtoFields.message(details, OUTPUT_INFO, path);
      dir = info == null ? ""
          : ProtoFields.string(info, GCS_OUTPUT_DIRECTORY, path + "." + OUTPUT_INFO.jsonName());
    } else {
      dir = ProtoFields.string(metadata, GCS_OUTPUT_DIRECTORY, PATH);
    }
    Optional<String> output = dir.isEmpty() ? Optional.empty() : Optional.of(dir);
    return new OperationMetadata(
        metadata, null, kind, progress, created, updated, failures, output);
  }

  /** The field of the metadata itself when present, else that of {@code genericMetadata}. */
  private static Optional<Instant> timestamp(
      JsonNode metadata, JsonNode generic, ProtoField field, String genericPath) {
    Optional<Instant> own = ProtoFields.timestamp(metadata, field, PATH);
    return own.isPresent() || generic == null ? own : ProtoFields.timestamp(generic, field, genericPath);
  }

  private static List<RpcStatus> partialFailures(JsonNode object, String path) {
    JsonNode arr = ProtoFields.array(object, PARTIAL_FAILURES, path);
    if (arr == null || arr.isEmpty()) {
      return List.of();
    }
    List<RpcStatus> list = new ArrayList<>(arr.size());
    for (JsonNode s : arr) {
      list.add(RpcStatus.fromJson(s));
    }
    return Collections.unmodifiableList(list);
  }

  /**
   * What the operation does, from its {@code *Details} field.
   *
   * @return the kind; {@link OperationKind#UNKNOWN} when no known details field is present
   */
  public OperationKind kind() {
    return kind;
  }

  /**
   * {@code progressPercent} (0..100); AutoML often leaves it out.
   *
   * @return the progress, empty when absent
   */
  public OptionalInt progressPercent() {
    return progressPercent;
  }

  /**
   * {@code createTime}: when the operation was created; for Vertex AI
   * {@code genericMetadata.createTime}.
   *
   * @return the time, empty when absent
   */
  public Optional<Instant> createTime() {
    return createTime;
  }

  /**
   * {@code updateTime}: when the operation was last updated; for Vertex AI
   * {@code genericMetadata.updateTime} (the finish time once done).
   *
   * @return the time, empty when absent
   */
  public Optional<Instant> updateTime() {
    return updateTime;
  }

  /**
   * {@code partialFailures}: errors that did not fail the whole operation (at most 20); for
   * Vertex AI {@code genericMetadata.partialFailures}.
   *
   * @return an unmodifiable list, empty when absent
   */
  public List<RpcStatus> partialFailures() {
    return partialFailures;
  }

  /**
   * {@code <kind>Details.outputInfo.gcsOutputDirectory}: where export data, export model and
   * batch predict write, such as {@code "gs://bucket/export-2019..."}; for Vertex AI ExportData,
   * the metadata's own {@code gcsOutputDirectory}.
   *
   * @return the directory, empty when absent or empty
   */
  public Optional<String> outputDirectory() {
    return outputDirectory;
  }

  /**
   * The metadata object as sent (with {@code "@type"}).
   *
   * @return a copy of the object, or a {@code MissingNode} when the operation has no metadata
   */
  public JsonNode json() {
    return tree().deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof OperationMetadata && tree().equals(((OperationMetadata) o).tree()));
  }

  @Override
  public int hashCode() {
    return tree().hashCode();
  }

  /** Short form, such as {@code "OperationMetadata{CREATE_MODEL, 40%}"}. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "OperationMetadata{", "}");
    j.add(kind.name());
    progressPercent.ifPresent(p -> j.add(p + "%"));
    if (!partialFailures.isEmpty()) {
      j.add(partialFailures.size() + " partial failure(s)");
    }
    outputDirectory.ifPresent(d -> j.add("output=" + d));
    return j.toString();
  }
}
