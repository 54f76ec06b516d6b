package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The state of a Vertex AI job or pipeline, read from {@code JOB_STATE_*} or
 * {@code PIPELINE_STATE_*} names, or from their numbers (what {@code $alt=json;enum-encoding=int}
 * gives). The numbers are the same in both enums.
 *
 * <p>Terminal: {@link #SUCCEEDED}, {@link #FAILED}, {@link #CANCELLED}, {@link #EXPIRED} and
 * {@link #PARTIALLY_SUCCEEDED}, the states in which Vertex sets {@code endTime}. Every other state
 * is watched on, {@link #PAUSED} and {@link #UPDATING} included, since a paused job can be resumed
 * and an update returns to {@link #RUNNING}.
 *
 * <p>Forward compatibility: a name or number this library does not know reads as
 * {@link #UNRECOGNIZED}, which is not terminal. The job is watched on as if still running (its
 * raw value stays in {@link Job#stateName()}), never failed; a watch of a job stuck in such a
 * state ends at the policy's timeout like any other.
 */
public enum JobState {
  /** 0: not set. */
  UNSPECIFIED(0, false),
  /** 1: created or resumed, not begun. */
  QUEUED(1, false),
  /** 2: being prepared. */
  PENDING(2, false),
  /** 3: in progress. */
  RUNNING(3, false),
  /** 4: ended successfully. */
  SUCCEEDED(4, true),
  /** 5: ended with an {@code error}. */
  FAILED(5, true),
  /** 6: a cancel was asked for; leads to SUCCEEDED, FAILED or CANCELLED. */
  CANCELLING(6, false),
  /** 7: ended by a cancel. */
  CANCELLED(7, true),
  /** 8: stopped, can be resumed. */
  PAUSED(8, false),
  /** 9: a TuningJob ran out of time. */
  EXPIRED(9, true),
  /** 10: being updated; returns to RUNNING. */
  UPDATING(10, false),
  /** 11: ended; some results may be missing. */
  PARTIALLY_SUCCEEDED(11, true),
  /** A value this library does not know; watched as still running. */
  UNRECOGNIZED(-1, false);

  private static final JobState[] STATES = values();
  private static final String JOB_PREFIX = "JOB_STATE_";
  private static final String PIPELINE_PREFIX = "PIPELINE_STATE_";

  private final int number;
  private final boolean terminal;

  JobState(int number, boolean terminal) {
    this.number = number;
    this.terminal = terminal;
  }

  /**
   * Whether the job has ended in this state.
   *
   * @return true for SUCCEEDED, FAILED, CANCELLED, EXPIRED and PARTIALLY_SUCCEEDED
   */
  public boolean isTerminal() {
    return terminal;
  }

  /**
   * The enum number on the wire.
   *
   * @return 0 to 11, or -1 for {@link #UNRECOGNIZED}
   */
  public int number() {
    return number;
  }

  /**
   * Reads a {@code state} field: a {@code JOB_STATE_*} or {@code PIPELINE_STATE_*} name, or a
   * number. Absent or null reads as {@link #UNSPECIFIED}.
   *
   * @param state the field's value, or null when absent
   * @return the state; {@link #UNRECOGNIZED} for anything else
   */
  public static JobState read(JsonNode state) {
    if (state == null || state.isNull()) {
      return UNSPECIFIED;
    }
    if (state.isIntegralNumber()) {
      int n = state.intValue();
      for (JobState s : STATES) {
        if (s.number == n && s != UNRECOGNIZED) {
          return s;
        }
      }
      return UNRECOGNIZED;
    }
    if (!state.isTextual()) {
      return UNRECOGNIZED;
    }
    // Read on every poll: compared in place, no substring of the prefix.
    String text = state.textValue();
    int prefix = text.startsWith(JOB_PREFIX) ? JOB_PREFIX.length()
        : text.startsWith(PIPELINE_PREFIX) ? PIPELINE_PREFIX.length() : -1;
    if (prefix >= 0) {
      for (JobState s : STATES) {
        if (s != UNRECOGNIZED && text.length() - prefix == s.name().length()
            && text.startsWith(s.name(), prefix)) {
          return s;
        }
      }
    }
    return UNRECOGNIZED;
  }
}
