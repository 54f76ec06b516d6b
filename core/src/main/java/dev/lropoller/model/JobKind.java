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

  private static final JobKind[] KINDS = values();

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
   * Checks that {@code name} is a job name of this kind.
   *
   * @param name a job or pipeline name
   * @return {@code name}
   * @throws IllegalArgumentException if it is not a job name, or one of another kind; the
   *     message quotes it
   */
  public String checkName(String name) {
    if (ofName(name) != this) {
      throw new IllegalArgumentException(
          "expected a " + collection + " name, got " + Texts.quoteName(name));
    }
    return name;
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

  /**
   * Called for every poll's answer: reads slash positions in place, with no substring and no
   * array (an {@code int[]} here cost 40 bytes per call, three calls per poll).
   */
  private static JobKind kindOrNull(String name) {
    int s0 = name.indexOf('/');
    int s1 = nextSlash(name, s0);
    int s2 = nextSlash(name, s1);
    int s3 = nextSlash(name, s2);
    int s4 = nextSlash(name, s3);
    if (s4 < 0 || nextSlash(name, s4) >= 0 || s0 != "projects".length()
        || !name.startsWith("projects") || !segment(name, s1, s2, "locations")) {
      return null;
    }
    for (JobKind k : KINDS) {
      if (segment(name, s3, s4, k.collection)) {
        return k;
      }
    }
    return null;
  }

  /** The next slash after the one at {@code from}; -1 when there is none or {@code from} is -1. */
  private static int nextSlash(String name, int from) {
    return from < 0 ? -1 : name.indexOf('/', from + 1);
  }

  /** Whether the segment between the slashes at {@code from} and {@code to} is {@code text}. */
  private static boolean segment(String name, int from, int to, String text) {
    return to - from - 1 == text.length() && name.startsWith(text, from + 1);
  }

  private static String collections() {
    StringBuilder b = new StringBuilder();
    for (JobKind k : values()) {
      b.append(b.length() == 0 ? "" : ", ").append(k.collection);
    }
    return b.toString();
  }
}
