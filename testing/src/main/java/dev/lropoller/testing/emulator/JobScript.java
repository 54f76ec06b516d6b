package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one emulated Vertex AI job or pipeline moves through its states: a kind, a parent
 * ({@code projects/{p}/locations/{l}}), and a sequence of steps, each a {@link JobState} held
 * for a number of polls or for a duration on the emulator's clock.
 *
 * <p>A step of {@code n} polls is shown by {@code n} answers to {@code GET /v1/{name}}; the poll
 * after those shows the next step. A step of a duration lasts that long from the moment it was
 * entered (so time-based runs end at an exact, known instant). The creation answer shows the first
 * step without counting as a poll. The last step is held for ever; only the last step may be an
 * end state. Entering RUNNING the first time sets {@code startTime}; entering an end state sets
 * {@code endTime}. FAILED carries the script's {@link Builder#failure error} (default code 13,
 * INTERNAL); CANCELLED carries code 1.
 *
 * <p>{@code POST {name}:cancel} on a job not yet in an end state replaces the remaining steps by
 * CANCELLING for {@link Builder#cancellingPolls(int)} polls (default 1), then CANCELLED.
 *
 * <p>Immutable; default ({@link #of(VertexJobKind)}): parent {@value OperationScript#DEFAULT_PARENT},
 * QUEUED, PENDING and RUNNING one poll each, then SUCCEEDED.
 */
public final class JobScript {
  private static final Pattern PARENT = Pattern.compile("projects/[A-Za-z0-9._~-]+/locations/[A-Za-z0-9._~-]+");

  /**
   * One step.
   *
   * @param state the state shown
   * @param polls how many polls show it (0 when time-based or the last step)
   * @param duration how long it lasts on the clock, or null when poll-based
   */
  public record Step(JobState state, int polls, Duration duration) {}

  private final VertexJobKind kind;
  private final String parent;
  private final String displayName;
  private final Map<String, String> labels;
  private final List<Step> steps;
  private final ObjectNode failure;
  private final int cancellingPolls;

  private JobScript(Builder b) {
    this.kind = b.kind;
    this.parent = b.parent;
    this.displayName = b.displayName;
    this.labels = Map.copyOf(b.labels);
    this.steps = List.copyOf(b.steps);
    this.failure = b.failure.deepCopy();
    this.cancellingPolls = b.cancellingPolls;
  }

  /**
   * A builder for a job of this kind with the defaults described on the class, but no steps:
   * add them with {@link Builder#step} or {@link Builder#endsIn}.
   *
   * @param kind not null
   * @return a new builder
   */
  public static Builder builder(VertexJobKind kind) {
    return new Builder(kind);
  }

  /**
   * The default script: QUEUED, PENDING, RUNNING one poll each, then SUCCEEDED.
   *
   * @param kind not null
   * @return the script
   */
  public static JobScript of(VertexJobKind kind) {
    return builder(kind).endsIn(JobState.SUCCEEDED).build();
  }

  /**
   * A builder holding this script's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(kind);
    b.parent = parent;
    b.displayName = displayName;
    b.labels.putAll(labels);
    b.steps.addAll(steps);
    b.failure = failure.deepCopy();
    b.cancellingPolls = cancellingPolls;
    return b;
  }

  /**
   * The kind.
   *
   * @return never null
   */
  public VertexJobKind kind() {
    return kind;
  }

  /**
   * The parent, {@code projects/{p}/locations/{l}}.
   *
   * @return never null
   */
  public String parent() {
    return parent;
  }

  /**
   * The steps in order.
   *
   * @return an immutable list, never empty
   */
  public List<Step> steps() {
    return steps;
  }

  String displayNameOrNull() {
    return displayName;
  }

  Map<String, String> labels() {
    return labels;
  }

  ObjectNode failure() {
    return failure.deepCopy();
  }

  int cancellingPolls() {
    return cancellingPolls;
  }

  /**
   * Describes the script.
   *
   * @return e.g. {@code JobScript[TRAINING_PIPELINE under projects/p/locations/l: QUEUED x1, ..., SUCCEEDED]}
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("JobScript[" + kind + " under " + parent + ":");
    for (int i = 0; i < steps.size(); i++) {
      Step st = steps.get(i);
      s.append(i == 0 ? " " : ", ").append(st.state());
      if (i < steps.size() - 1) {
        s.append(st.duration() != null ? " for " + st.duration() : " x" + st.polls());
      }
    }
    return s.append(']').toString();
  }

  /** Mutable builder of a {@link JobScript}; not thread-safe. */
  public static final class Builder {
    private VertexJobKind kind;
    private String parent = OperationScript.DEFAULT_PARENT;
    private String displayName;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private ObjectNode failure = OperationScript.statusJson(13, "Internal error occurred (emulated).");
    private int cancellingPolls = 1;

    private Builder(VertexJobKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Sets the kind; every step's state must exist in its enum.
     *
     * @param kind not null
     * @return this builder
     */
    public Builder kind(VertexJobKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Sets the parent.
     *
     * @param parent {@code projects/{p}/locations/{l}}; not null
     * @return this builder
     * @throws IllegalArgumentException if it is not of that form
     */
    public Builder parent(String parent) {
      if (!PARENT.matcher(Objects.requireNonNull(parent, "parent")).matches()) {
        throw new IllegalArgumentException(
            "parent must be projects/{p}/locations/{l}, got \"" + parent + "\"");
      }
      this.parent = parent;
      return this;
    }

    /**
     * Sets the {@code displayName} (for TuningJob, which has none, {@code tunedModelDisplayName}).
     *
     * @param displayName or null for none
     * @return this builder
     */
    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    /**
     * Adds a label.
     *
     * @param key not null
     * @param value not null
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Appends a step shown by {@code polls} polls.
     *
     * @param state not null
     * @param polls at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code polls} is less than 1
     */
    public Builder step(JobState state, int polls) {
      if (polls < 1) {
        throw new IllegalArgumentException("a step needs polls >= 1, got " + polls + " for " + state);
      }
      steps.add(new Step(Objects.requireNonNull(state, "state"), polls, null));
      return this;
    }

    /**
     * Appends a step that lasts {@code d} on the emulator's clock.
     *
     * @param state not null
     * @param d positive; not null
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is not positive
     */
    public Builder step(JobState state, Duration d) {
      if (Objects.requireNonNull(d, "d").isZero() || d.isNegative()) {
        throw new IllegalArgumentException("a step needs a positive duration, got " + d + " for " + state);
      }
      steps.add(new Step(Objects.requireNonNull(state, "state"), 0, d));
      return this;
    }

    /**
     * Replaces the steps by QUEUED, PENDING and RUNNING one poll each, then {@code end}.
     *
     * @param end the last state, usually an end state; not null
     * @return this builder
     */
    public Builder endsIn(JobState end) {
      steps.clear();
      return step(JobState.QUEUED, 1).step(JobState.PENDING, 1).step(JobState.RUNNING, 1).last(end);
    }

    /**
     * Replaces the steps by QUEUED and PENDING one poll each, RUNNING for {@code running} on the
     * clock, then {@code end}: a run of known length for time-based tests.
     *
     * @param running positive; not null
     * @param end the last state; not null
     * @return this builder
     */
    public Builder runsFor(Duration running, JobState end) {
      steps.clear();
      return step(JobState.QUEUED, 1).step(JobState.PENDING, 1).step(JobState.RUNNING, running).last(end);
    }

    /**
     * Appends the last step, held for ever.
     *
     * @param state not null
     * @return this builder
     */
    public Builder last(JobState state) {
      steps.add(new Step(Objects.requireNonNull(state, "state"), 0, null));
      return this;
    }

    /**
     * The error a FAILED job carries (as {@code google.rpc.Status}).
     *
     * @param code rpc code 1..16
     * @param message not null
     * @return this builder
     * @throws IllegalArgumentException if the code is outside 1..16
     */
    public Builder failure(int code, String message) {
      this.failure = OperationScript.statusJson(code, message);
      return this;
    }

    /**
     * How many polls show CANCELLING after a cancel before CANCELLED; default 1.
     *
     * @param polls at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder cancellingPolls(int polls) {
      if (polls < 1) {
        throw new IllegalArgumentException("cancellingPolls must be >= 1, got " + polls);
      }
      this.cancellingPolls = polls;
      return this;
    }

    /**
     * Builds the script.
     *
     * @return the script
     * @throws IllegalArgumentException if there is no step, a state is not in the kind's enum, or
     *     an end state is not the last step
     */
    public JobScript build() {
      if (steps.isEmpty()) {
        throw new IllegalArgumentException("a JobScript needs at least one step");
      }
      for (int i = 0; i < steps.size(); i++) {
        JobState s = steps.get(i).state();
        kind.wireName(s);
        if (s.isEnd() && i < steps.size() - 1) {
          throw new IllegalArgumentException(
              "end state " + s + " must be the last step, but is step " + (i + 1) + " of " + steps.size());
        }
      }
      return new JobScript(this);
    }
  }
}
