package dev.lropoller.testing.emulator;

import java.util.EnumSet;
import java.util.Set;

/**
 * The seven Vertex AI v1 resources that are watched by their {@code state} rather than through an
 * operation. Each is named {@code projects/{p}/locations/{l}/{collection}/{id}}, created by
 * {@code POST /v1/{parent}/{collection}} (the answer is the resource itself), read by
 * {@code GET /v1/{name}}, cancelled by {@code POST /v1/{name}:cancel} and, except TuningJob,
 * deleted by {@code DELETE /v1/{name}} (an Operation).
 */
public enum VertexJobKind {
  /** {@code trainingPipelines}, {@code google.cloud.aiplatform.v1.TrainingPipeline}, {@code PIPELINE_STATE_*}. */
  TRAINING_PIPELINE("trainingPipelines", "TrainingPipeline", true, true),
  /** {@code pipelineJobs}, {@code google.cloud.aiplatform.v1.PipelineJob}, {@code PIPELINE_STATE_*}. */
  PIPELINE_JOB("pipelineJobs", "PipelineJob", true, true),
  /** {@code customJobs}, {@code google.cloud.aiplatform.v1.CustomJob}, {@code JOB_STATE_*}. */
  CUSTOM_JOB("customJobs", "CustomJob", false, true),
  /** {@code hyperparameterTuningJobs}, {@code HyperparameterTuningJob}, {@code JOB_STATE_*}. */
  HYPERPARAMETER_TUNING_JOB("hyperparameterTuningJobs", "HyperparameterTuningJob", false, true),
  /** {@code nasJobs}, {@code google.cloud.aiplatform.v1.NasJob}, {@code JOB_STATE_*}. */
  NAS_JOB("nasJobs", "NasJob", false, true),
  /** {@code batchPredictionJobs}, {@code BatchPredictionJob}, {@code JOB_STATE_*}. */
  BATCH_PREDICTION_JOB("batchPredictionJobs", "BatchPredictionJob", false, true),
  /** {@code tuningJobs}, {@code google.cloud.aiplatform.v1.TuningJob}, {@code JOB_STATE_*}; no Delete. */
  TUNING_JOB("tuningJobs", "TuningJob", false, false);

  private final String collection;
  private final String messageType;
  private final boolean pipelineStates;
  private final boolean deletable;

  VertexJobKind(String collection, String messageType, boolean pipelineStates, boolean deletable) {
    this.collection = collection;
    this.messageType = messageType;
    this.pipelineStates = pipelineStates;
    this.deletable = deletable;
  }

  /**
   * The collection segment of the resource names.
   *
   * @return e.g. {@code "trainingPipelines"}
   */
  public String collection() {
    return collection;
  }

  /**
   * The protobuf message the resource is, fully qualified.
   *
   * @return e.g. {@code "google.cloud.aiplatform.v1.TrainingPipeline"}
   */
  public String messageType() {
    return "google.cloud.aiplatform.v1." + messageType;
  }

  /**
   * Whether the resource's {@code state} is a {@code PipelineState} (TrainingPipeline and
   * PipelineJob) rather than a {@code JobState}.
   *
   * @return true for pipelines
   */
  public boolean usesPipelineState() {
    return pipelineStates;
  }

  /**
   * Whether {@code DELETE /v1/{name}} exists for this kind (all but TuningJob).
   *
   * @return true if deletable
   */
  public boolean deletable() {
    return deletable;
  }

  /**
   * The states this kind's enum has: all of {@link JobState} for jobs, 1..8 for pipelines.
   *
   * @return a new mutable set
   */
  public Set<JobState> states() {
    EnumSet<JobState> s = EnumSet.allOf(JobState.class);
    if (pipelineStates) {
      s.removeIf(st -> !st.inPipelineState());
    }
    return s;
  }

  /**
   * The state as this kind spells it in JSON.
   *
   * @param state not null
   * @return e.g. {@code "PIPELINE_STATE_RUNNING"} or {@code "JOB_STATE_RUNNING"}
   * @throws IllegalArgumentException if this kind's enum lacks the state
   */
  public String wireName(JobState state) {
    if (!states().contains(state)) {
      throw new IllegalArgumentException(name() + " has no state " + state + "; it has " + states());
    }
    return (pipelineStates ? "PIPELINE_STATE_" : "JOB_STATE_") + state.name();
  }

  /** The kind whose collection this is, or null. */
  static VertexJobKind ofCollection(String collection) {
    for (VertexJobKind k : values()) {
      if (k.collection.equals(collection)) {
        return k;
      }
    }
    return null;
  }
}
