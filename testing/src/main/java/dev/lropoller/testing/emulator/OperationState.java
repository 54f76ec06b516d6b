package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The live state of one operation. Mutations are short and guarded by {@code this}; the done
 * signal is emitted outside the lock.
 */
final class OperationState {
  final String name;
  final String parent;
  final long seq;
  final AutoMlRpc kind;
  final Instant createTime;

  private final ObjectNode details;
  private final int pollsToDone;
  private final Duration duration;
  private final JsonNode successResponse;
  private final ObjectNode failure;
  private final Sinks.Empty<Void> doneSink = Sinks.empty();
  /** Null for an AutoML operation. */
  private final VertexOperationSpec vertex;

  private int polls;
  private int progress;
  private Instant updateTime;
  private Instant doneAt;
  private JsonNode error;
  private JsonNode response;

  OperationState(
      String name, String parent, long seq, OperationScript script, Instant createTime,
      ObjectNode details, JsonNode successResponse) {
    this(name, parent, seq, script, createTime, details, successResponse, null);
  }

  OperationState(
      String name, String parent, long seq, OperationScript script, Instant createTime,
      ObjectNode details, JsonNode successResponse, VertexOperationSpec vertex) {
    this.vertex = vertex;
    this.name = name;
    this.parent = parent;
    this.seq = seq;
    this.kind = script.kind();
    this.createTime = createTime;
    this.updateTime = createTime;
    this.details = details;
    this.pollsToDone = script.pollsToDone();
    this.duration = script.durationOrNull();
    JsonNode custom = script.responseOrNull();
    this.successResponse = custom != null ? custom : successResponse;
    this.failure = script.errorOrNull();
  }

  /** One poll: counts it, advances the script, returns what the poll shows. */
  OperationView poll(Instant now) {
    OperationView v;
    synchronized (this) {
      polls++;
      if (doneAt == null && pollsToDone > 0) {
        if (polls >= pollsToDone) {
          finishLocked(now, null);
        } else {
          progress = (int) (100L * polls / pollsToDone);
          updateTime = max(updateTime, now);
        }
      }
      advanceByTime(now);
      v = viewLocked();
    }
    signalIfDone(v);
    return v;
  }

  /** A look that is not a poll (list, wait registration): only time-based progress applies. */
  OperationView peek(Instant now) {
    OperationView v;
    synchronized (this) {
      advanceByTime(now);
      v = viewLocked();
    }
    signalIfDone(v);
    return v;
  }

  /**
   * Ends the operation now unless it already ended.
   *
   * @param error the status to end with, or null for the script's outcome
   * @return true if this call ended it
   */
  boolean finish(Instant now, JsonNode error) {
    OperationView v;
    boolean changed;
    synchronized (this) {
      changed = doneAt == null;
      if (changed) {
        finishLocked(now, error);
      }
      v = viewLocked();
    }
    signalIfDone(v);
    return changed;
  }

  synchronized int polls() {
    return polls;
  }

  /** When the operation is (or, if time-based, will be) done; null if not known yet. */
  synchronized Instant doneAt() {
    if (doneAt != null) {
      return doneAt;
    }
    return duration != null ? createTime.plus(duration) : null;
  }

  boolean timeBased() {
    return duration != null;
  }

  /** Completes when the operation is done (by any path). */
  Mono<Void> whenDone() {
    return doneSink.asMono();
  }

  private void advanceByTime(Instant now) {
    if (doneAt != null || duration == null) {
      return;
    }
    Instant end = createTime.plus(duration);
    if (!now.isBefore(end)) {
      finishLocked(end, null);
    } else {
      long elapsed = Duration.between(createTime, now).toNanos();
      progress = (int) Math.max(0, Math.min(99, elapsed * 100.0 / duration.toNanos()));
      updateTime = max(updateTime, now);
    }
  }

  private void finishLocked(Instant at, JsonNode errorOverride) {
    doneAt = at;
    updateTime = max(updateTime, at);
    progress = 100;
    if (errorOverride != null) {
      error = errorOverride;
    } else if (failure != null) {
      error = failure;
    } else {
      response = successResponse;
    }
  }

  private OperationView viewLocked() {
    return new OperationView(
        name, kind, createTime, updateTime, progress, doneAt != null, details, error, response, vertex);
  }

  private void signalIfDone(OperationView v) {
    if (v.done()) {
      doneSink.tryEmitEmpty();
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
