package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live state of one Vertex job: where it is in its {@link JobScript}, its times and counters.
 * Short mutations guarded by {@code this}.
 */
final class JobRun {
  final String name;
  final String id;
  final VertexJobKind kind;
  final Instant createTime;
  final String displayName;
  final Map<String, String> labels;
  /** Strings echoed from the create request (e.g. {@code model}, {@code baseModel}). */
  final Map<String, String> echoed;

  private final ObjectNode failure;
  private final int cancellingPolls;
  private final List<JobScript.Step> steps;
  private int index;
  private int pollsInStep;
  private Instant stepStart;
  private int polls;
  private Instant startTime;
  private Instant endTime;
  private Instant updateTime;
  private boolean cancelled;

  JobRun(String name, String id, JobScript script, Instant now, String displayName,
      Map<String, String> labels, Map<String, String> echoed) {
    this.name = name;
    this.id = id;
    this.kind = script.kind();
    this.createTime = now;
    this.displayName = displayName;
    this.labels = Map.copyOf(labels);
    this.echoed = Map.copyOf(echoed);
    this.failure = script.failure();
    this.cancellingPolls = script.cancellingPolls();
    this.steps = new ArrayList<>(script.steps());
    this.updateTime = now;
    enter(0, now);
  }

  /** One {@code GET}: shows the current step, then counts the poll against it. */
  synchronized JobView poll(Instant now) {
    advanceByTime(now);
    JobView v = viewLocked();
    polls++;
    pollsInStep++;
    JobScript.Step step = steps.get(index);
    if (index < steps.size() - 1 && step.duration() == null && pollsInStep >= step.polls()) {
      enter(index + 1, now);
    }
    return v;
  }

  /** A look that is not a poll: only time-based steps advance. */
  synchronized JobView peek(Instant now) {
    advanceByTime(now);
    return viewLocked();
  }

  /**
   * A cancel request.
   *
   * @return false if the job is already in an end state (nothing changes)
   */
  synchronized boolean cancel(Instant now) {
    advanceByTime(now);
    JobState s = steps.get(index).state();
    if (s.isEnd()) {
      return false;
    }
    if (s == JobState.CANCELLING) {
      return true;
    }
    cancelled = true;
    steps.subList(index + 1, steps.size()).clear();
    steps.add(new JobScript.Step(JobState.CANCELLING, cancellingPolls, null));
    steps.add(new JobScript.Step(JobState.CANCELLED, 0, null));
    enter(index + 1, now);
    return true;
  }

  /** Moves the job to {@code state} now and holds it there (the rest of the script is dropped). */
  synchronized void force(JobState state, Instant now) {
    kind.wireName(state);
    steps.subList(index + 1, steps.size()).clear();
    steps.add(new JobScript.Step(state, 0, null));
    enter(index + 1, now);
  }

  synchronized int polls() {
    return polls;
  }

  private void advanceByTime(Instant now) {
    while (index < steps.size() - 1) {
      JobScript.Step step = steps.get(index);
      if (step.duration() == null) {
        return;
      }
      Instant end = stepStart.plus(step.duration());
      if (now.isBefore(end)) {
        return;
      }
      enter(index + 1, end);
    }
  }

  private void enter(int i, Instant at) {
    index = i;
    pollsInStep = 0;
    stepStart = at;
    if (updateTime == null || at.isAfter(updateTime)) {
      updateTime = at;
    }
    JobState s = steps.get(i).state();
    if (s == JobState.RUNNING && startTime == null) {
      startTime = at;
    }
    if (s.isEnd()) {
      endTime = at;
    }
  }

  private JobView viewLocked() {
    JobState s = steps.get(index).state();
    ObjectNode error = null;
    if (s == JobState.FAILED) {
      error = failure.deepCopy();
    } else if (s == JobState.CANCELLED) {
      error = OperationScript.statusJson(1, cancelled ? "CANCELED" : "Job was cancelled (emulated).");
    }
    return new JobView(this, s, startTime, s.isEnd() ? endTime : null, updateTime, error, s == JobState.RUNNING
        || s == JobState.UPDATING || s == JobState.PAUSED || s == JobState.CANCELLING || s.isEnd());
  }

  /**
   * A snapshot of a job, taken under its lock.
   *
   * @param started whether the job got past QUEUED/PENDING (outputs in progress may be shown)
   */
  record JobView(JobRun job, JobState state, Instant startTime, Instant endTime, Instant updateTime,
      ObjectNode error, boolean started) {}
}
