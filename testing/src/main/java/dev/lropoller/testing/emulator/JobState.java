package dev.lropoller.testing.emulator;

/**
 * The states of a Vertex AI job or pipeline, as {@code google.cloud.aiplatform.v1.JobState}
 * ({@code JOB_STATE_*}) and {@code PipelineState} ({@code PIPELINE_STATE_*}) number them. The two
 * enums share numbers 1..8; {@link #EXPIRED}, {@link #UPDATING} and
 * {@link #PARTIALLY_SUCCEEDED} exist only in {@code JobState}.
 */
public enum JobState {
  /** 1: created or resumed, not begun. */
  QUEUED(1),
  /** 2: preparing. */
  PENDING(2),
  /** 3: in progress; the first time a job enters it sets {@code startTime}. */
  RUNNING(3),
  /** 4: end state. */
  SUCCEEDED(4),
  /** 5: end state; the job carries {@code error}. */
  FAILED(5),
  /** 6: cancel requested; leads only to SUCCEEDED, FAILED or CANCELLED. */
  CANCELLING(6),
  /** 7: end state; the job carries {@code error} with code 1 (CANCELLED). */
  CANCELLED(7),
  /** 8: stopped, can be resumed; not an end state. */
  PAUSED(8),
  /** 9: end state ({@code JobState} only; Google documents it for TuningJob). */
  EXPIRED(9),
  /** 10: being updated, from RUNNING and back to RUNNING ({@code JobState} only); not an end state. */
  UPDATING(10),
  /** 11: end state where some results may be missing ({@code JobState} only). */
  PARTIALLY_SUCCEEDED(11);

  private final int number;

  JobState(int number) {
    this.number = number;
  }

  /**
   * The protobuf enum number, sent instead of the name when a request asks for
   * {@code enum-encoding=int}.
   *
   * @return 1..11
   */
  public int number() {
    return number;
  }

  /**
   * Whether this is an end state: SUCCEEDED, FAILED, CANCELLED, EXPIRED or PARTIALLY_SUCCEEDED
   * (the states whose entry sets {@code endTime}). PAUSED and UPDATING are not.
   *
   * @return true for an end state
   */
  public boolean isEnd() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == EXPIRED
        || this == PARTIALLY_SUCCEEDED;
  }

  /**
   * Whether {@code PipelineState} has this state (every state but EXPIRED, UPDATING and
   * PARTIALLY_SUCCEEDED).
   *
   * @return true if pipelines can be in it
   */
  public boolean inPipelineState() {
    return number <= 8;
  }
}
