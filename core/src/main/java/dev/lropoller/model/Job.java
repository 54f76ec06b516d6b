package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;
import dev.lropoller.internal.ProtoJson;
import dev.lropoller.internal.StringMaps;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One snapshot of a Vertex AI job or pipeline (a {@link JobKind}), read from the answer to
 * {@code GET /v1/{name}}: its state and times, its {@code error}, labels and, by kind, what it
 * produced. Immutable; the whole resource is kept in {@link #json()}.
 *
 * <p>A job is watched on the same engine as an operation. The engine sees each snapshot as an
 * operation {@link #asOperation() view}: {@code done} when the state is terminal, the job's
 * {@code error} (or one made from the state) as its error, {@code createTime} as its age.
 */
public final class Job extends JsonValue {
  private static final ProtoField NAME = ProtoField.of("name");
  private static final ProtoField STATE = ProtoField.of("state");
  private static final ProtoField DISPLAY_NAME = ProtoField.of("displayName");
  private static final ProtoField CREATE_TIME = ProtoField.of("createTime");
  private static final ProtoField START_TIME = ProtoField.of("startTime");
  private static final ProtoField END_TIME = ProtoField.of("endTime");
  private static final ProtoField UPDATE_TIME = ProtoField.of("updateTime");
  private static final ProtoField LABELS = ProtoField.of("labels");
  private static final ProtoField ERROR = ProtoField.of("error");
  private static final ProtoField MODEL_TO_UPLOAD = ProtoField.of("modelToUpload");
  private static final ProtoField VERSION_ID = ProtoField.of("versionId");
  private static final ProtoField TUNED_MODEL = ProtoField.of("tunedModel");
  private static final ProtoField MODEL = ProtoField.of("model");
  private static final ProtoField ENDPOINT = ProtoField.of("endpoint");
  private static final ProtoField OUTPUT_INFO = ProtoField.of("outputInfo");
  private static final ProtoField[] OUTPUT_LOCATIONS = {ProtoField.of("gcsOutputDirectory"),
      ProtoField.of("bigqueryOutputDataset"), ProtoField.of("vertexMultimodalDatasetName")};
  private static final ProtoField BIGQUERY_OUTPUT_TABLE = ProtoField.of("bigqueryOutputTable");
  private static final ProtoField COMPLETION_STATS = ProtoField.of("completionStats");
  private static final ProtoField SUCCESSFUL = ProtoField.of("successfulCount");
  private static final ProtoField FAILED = ProtoField.of("failedCount");
  private static final ProtoField INCOMPLETE = ProtoField.of("incompleteCount");

  private final String name;
  private final JobKind kind;
  private final JobState state;
  private final String displayName;
  private final Optional<Instant> createTime;
  private final Optional<Instant> startTime;
  private final Optional<Instant> endTime;
  private final Optional<Instant> updateTime;
  private final Map<String, String> labels;
  private final Optional<RpcStatus> error;

  private Job(JsonNode json) {
    super(json);
    if (json == null || !json.isObject()) {
      throw new UnexpectedResponseException(
          null, "expected a job JSON object, got " + ProtoJson.render(json));
    }
    this.name = ProtoFields.string(json, NAME, "");
    if (!JobKind.isJobName(name)) {
      throw new UnexpectedResponseException(null,
          "expected a job with a \"name\" projects/{p}/locations/{l}/{collection}/{id}, got "
              + ProtoJson.render(json));
    }
    try {
      this.kind = JobKind.ofName(name);
      this.state = JobState.read(STATE.get(json));
      this.displayName = ProtoFields.string(json, DISPLAY_NAME, "");
      this.createTime = ProtoFields.timestamp(json, CREATE_TIME, "");
      this.startTime = ProtoFields.timestamp(json, START_TIME, "");
      this.endTime = ProtoFields.timestamp(json, END_TIME, "");
      this.updateTime = ProtoFields.timestamp(json, UPDATE_TIME, "");
      this.labels = StringMaps.read(json, LABELS, "");
      JsonNode err = ProtoFields.message(json, ERROR, "");
      this.error = err == null ? Optional.empty() : Optional.of(RpcStatus.fromJson(err));
    } catch (JsonReadException e) {
      throw new UnexpectedResponseException(name, "job " + name + ": " + e.getMessage(), null);
    } catch (IllegalArgumentException e) {
      throw new UnexpectedResponseException(name, e.getMessage(), null);
    }
  }

  /**
   * Reads a job from an answer body.
   *
   * @param body the JSON of a job or pipeline resource
   * @return the snapshot
   * @throws UnexpectedResponseException if the body is not such a resource, quoting it
   */
  public static Job parse(byte[] body) {
    return new Job(ProtoJson.readTree(body));
  }

  /**
   * The job an operation {@link #asOperation() view} was made from.
   *
   * @param view a snapshot the engine emitted for a job name
   * @return the job
   * @throws UnexpectedResponseException if {@code view} is not a job's view
   */
  public static Job fromView(Operation view) {
    Job source = view.sourceJob();
    return source != null ? source : new Job(view.responseNode());
  }

  /**
   * This snapshot as the engine watches it: an operation named like the job, {@code done} when
   * {@link JobState#isTerminal()}, with {@code error} when it ended FAILED, CANCELLED or EXPIRED
   * (the job's own {@code error}, else one made from the state: code 2 {@code UNKNOWN}, 1
   * {@code CANCELLED}, 4 {@code DEADLINE_EXCEEDED}), {@code metadata.createTime} and
   * {@code updateTime} from the job's, and the job itself as {@code response}. The view's fields
   * come from this job; its JSON is built when first asked for ({@code json()}, {@code rawJson()},
   * {@code equals}), not on every poll.
   *
   * @return the view
   * @throws UnexpectedResponseException if the job's {@code "@type"} is present but not a string
   */
  public Operation asOperation() {
    Optional<RpcStatus> endStatus = !endsWithError() ? Optional.empty()
        : error.isPresent() ? error : Optional.of(RpcStatus.fromJson(madeError()));
    return Operation.viewOf(this, state.isTerminal(),
        OperationMetadata.ofJobView(this, createTime, updateTime), endStatus, json);
  }

  /** The JSON of the {@link #asOperation() view}, around its {@code metadata} object. */
  JsonNode viewTree(JsonNode metadata) {
    ObjectNode op = JsonNodeFactory.instance.objectNode();
    op.put("name", name);
    op.put("done", state.isTerminal());
    op.set("metadata", metadata);
    if (endsWithError()) {
      JsonNode own = ERROR.get(json);
      op.set("error", own != null ? own : madeError());
    }
    op.set("response", json);
    return op;
  }

  /** The view's {@code metadata}: the job's create and update times, as written. */
  JsonNode viewMetadata() {
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    // The job's own text, already checked as a timestamp: no format and parse round trip.
    copyTime(metadata, CREATE_TIME);
    copyTime(metadata, UPDATE_TIME);
    return metadata;
  }

  private void copyTime(ObjectNode metadata, ProtoField field) {
    JsonNode t = field.get(json);
    if (t != null && t.isTextual()) {
      metadata.set(field.jsonName(), t);
    }
  }

  /** Whether the view carries an {@code error}: the job ended FAILED, CANCELLED or EXPIRED. */
  private boolean endsWithError() {
    return state == JobState.FAILED || state == JobState.CANCELLED || state == JobState.EXPIRED;
  }

  /** The error of a job that ended {@link #endsWithError() with one} but sent none. */
  private ObjectNode madeError() {
    RpcCode code;
    String message;
    switch (state) {
      case FAILED:
        code = RpcCode.UNKNOWN;
        message = "job " + name + " ended " + stateName() + " without an error";
        break;
      case CANCELLED:
        code = RpcCode.CANCELLED;
        message = "job " + name + " was cancelled";
        break;
      default:
        code = RpcCode.DEADLINE_EXCEEDED;
        message = "job " + name + " expired";
        break;
    }
    ObjectNode made = JsonNodeFactory.instance.objectNode();
    made.put("code", code.number());
    made.put("message", message);
    return made;
  }

  /**
   * The resource name, such as {@code projects/p/locations/us-central1/trainingPipelines/123}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The kind, from the name's collection.
   *
   * @return the kind
   */
  public JobKind kind() {
    return kind;
  }

  /**
   * The state; {@link JobState#UNRECOGNIZED} for a value this library does not know.
   *
   * @return the state
   */
  public JobState state() {
    return state;
  }

  /**
   * The {@code state} as sent, such as {@code JOB_STATE_RUNNING} or {@code 3}.
   *
   * @return the raw value as text, {@code ""} when absent
   */
  public String stateName() {
    JsonNode s = STATE.get(json);
    return s == null || s.isNull() ? "" : s.asText();
  }

  /**
   * {@code displayName}.
   *
   * @return the display name, {@code ""} when absent (a TuningJob has none)
   */
  public String displayName() {
    return displayName;
  }

  /**
   * {@code createTime}.
   *
   * @return when the job was created, empty when absent
   */
  public Optional<Instant> createTime() {
    return createTime;
  }

  /**
   * {@code startTime}: when the job first entered RUNNING.
   *
   * @return the time, empty when absent
   */
  public Optional<Instant> startTime() {
    return startTime;
  }

  /**
   * {@code endTime}: when it entered a terminal state.
   *
   * @return the time, empty when absent
   */
  public Optional<Instant> endTime() {
    return endTime;
  }

  /**
   * {@code updateTime}.
   *
   * @return the time, empty when absent
   */
  public Optional<Instant> updateTime() {
    return updateTime;
  }

  /**
   * {@code labels}.
   *
   * @return an unmodifiable map, empty when absent
   */
  public Map<String, String> labels() {
    return labels;
  }

  /**
   * {@code error}, which Vertex sets when a job ends FAILED or CANCELLED.
   *
   * @return the status, empty when absent
   */
  public Optional<RpcStatus> error() {
    return error;
  }

  /**
   * What a TrainingPipeline uploaded: {@code modelToUpload.name} and {@code versionId}, with the
   * model's display name (else the pipeline's).
   *
   * @return the model, empty until its name is set (once the pipeline has SUCCEEDED)
   */
  public Optional<ModelVersion> uploadedModel() {
    JsonNode m = MODEL_TO_UPLOAD.get(json);
    String model = m == null || !m.isObject() ? "" : ProtoFields.string(m, NAME, "modelToUpload");
    if (model.isEmpty()) {
      return Optional.empty();
    }
    String shown = ProtoFields.string(m, DISPLAY_NAME, "modelToUpload");
    return Optional.of(new ModelVersion(model, ProtoFields.string(m, VERSION_ID, "modelToUpload"),
        shown.isEmpty() ? displayName : shown));
  }

  /**
   * What a TuningJob produced: {@code tunedModel.model} and {@code endpoint}.
   *
   * @return the tuned model, empty until it is set
   */
  public Optional<TunedModel> tunedModel() {
    JsonNode t = TUNED_MODEL.get(json);
    String model = t == null || !t.isObject() ? "" : ProtoFields.string(t, MODEL, "tunedModel");
    return model.isEmpty() ? Optional.empty()
        : Optional.of(new TunedModel(model, ProtoFields.string(t, ENDPOINT, "tunedModel")));
  }

  /**
   * What a BatchPredictionJob wrote: the {@code outputInfo} location and the
   * {@code completionStats} counts (0 when absent).
   *
   * @return the output, empty when neither {@code outputInfo} nor {@code completionStats} is set
   */
  public Optional<BatchPredictionOutput> batchPredictionOutput() {
    JsonNode out = OUTPUT_INFO.get(json);
    JsonNode stats = COMPLETION_STATS.get(json);
    if ((out == null || !out.isObject()) && (stats == null || !stats.isObject())) {
      return Optional.empty();
    }
    String location = "";
    String table = "";
    if (out != null && out.isObject()) {
      for (ProtoField f : OUTPUT_LOCATIONS) {
        String v = ProtoFields.string(out, f, "outputInfo");
        if (!v.isEmpty() && location.isEmpty()) {
          location = v;
        }
      }
      table = ProtoFields.string(out, BIGQUERY_OUTPUT_TABLE, "outputInfo");
    }
    boolean counted = stats != null && stats.isObject();
    return Optional.of(new BatchPredictionOutput(location, table,
        counted ? ProtoFields.int64(stats, SUCCESSFUL, "completionStats") : 0,
        counted ? ProtoFields.int64(stats, FAILED, "completionStats") : 0,
        counted ? ProtoFields.int64(stats, INCOMPLETE, "completionStats") : 0));
  }

  /** Short form, such as {@code "Job{projects/p/locations/l/customJobs/1, RUNNING}"}. */
  @Override
  public String toString() {
    return "Job{" + name + ", " + (state == JobState.UNRECOGNIZED ? stateName() : state.name())
        + "}";
  }
}
