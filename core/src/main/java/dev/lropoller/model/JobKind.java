package dev.lropoller.model;

import dev.lropoller.internal.Texts;

/**
 * The Vertex AI job and pipeline resources that are watched by their {@code state}: each kind is
 * a collection under {@code projects/{p}/locations/{l}/}. Pipelines ({@link #TRAINING_PIPELINE},
 * {@link #PIPELINE_JOB}) report {@code PIPELINE_STATE_*}, the others {@code JOB_STATE_*}; both
 * read as one {@link JobState}.
 */
public enum JobKind {
  /** {@code trainingPipelines}: ends in a Model ({@code modelToUpload}). */
  TRAINING_PIPELINE("trainingPipelines"),
  /** {@code pipelineJobs}. */
  PIPELINE_JOB("pipelineJobs"),
  /** {@code customJobs}. */
  CUSTOM_JOB("customJobs"),
  /** {@code hyperparameterTuningJobs}. */
  HYPERPARAMETER_TUNING_JOB("hyperparameterTuningJobs"),
  /** {@code nasJobs}. */
  NAS_JOB("nasJobs"),
  /** {@code batchPredictionJobs}: ends with its output location and completion stats. */
  BATCH_PREDICTION_JOB("batchPredictionJobs"),
  /** {@code tuningJobs}: ends in a tuned model and its endpoint; the only kind that can expire. */
  TUNING_JOB("tuningJobs");

  private final String collection;

  JobKind(String collection) {
    this.collection = collection;
  }

  /**
   * The collection segment of this kind's names, such as {@code trainingPipelines}.
   *
   * @return the collection
   */
  public String collection() {
    return collection;
  }

  /**
   * The kind of a job name, after checking it: the rules of {@link ResourceNames#checkPath} and
   * the shape {@code projects/{p}/locations/{l}/{collection}/{id}} with a known collection.
   *
   * @param name a job or pipeline name
   * @return its kind
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if the name breaks a rule; the message quotes it and lists
   *     the collections
   */
  public static JobKind ofName(String name) {
    ResourceNames.checkPath("job name", name);
    JobKind kind = kindOrNull(name);
    if (kind == null) {
      throw new IllegalArgumentException("job name must be projects/{p}/locations/{l}/{collection}"
          + "/{id} with a collection of " + collections() + ": " + Texts.quoteName(name));
    }
    return kind;
  }

  /**
   * Whether {@code name} has the shape of a job name (without checking its characters).
   *
   * @param name any name
   * @return whether it is {@code projects/{p}/locations/{l}/{collection}/{id}} with a known
   *     collection
   */
  public static boolean isJobName(String name) {
    return name != null && kindOrNull(name) != null;
  }

  private static JobKind kindOrNull(String name) {
    String[] s = name.split("/", -1);
    if (s.length != 6 || !s[0].equals("projects") || !s[2].equals("locations")) {
      return null;
    }
    for (JobKind k : values()) {
      if (k.collection.equals(s[4])) {
        return k;
      }
    }
    return null;
  }

  private static String collections() {
    StringBuilder b = new StringBuilder();
    for (JobKind k : values()) {
      b.append(b.length() == 0 ? "" : ", ").append(k.collection);
    }
    return b.toString();
  }
}
