package dev.lropoller.demo;

import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcStatus;
import java.time.Duration;

/** What the progress board knows about one watched operation. Guarded by its board. */
final class ProgressRow {
  final String label;
  final long startNanos;
  long endNanos;
  int percent = -1;
  String state = "WAITING";
  String note = "";
  int polls;

  ProgressRow(String label, long startNanos) {
    this.label = label;
    this.startNanos = startNanos;
  }

  /** Applies one poll; returns true if what the row shows changed (percent, state or note). */
  boolean apply(Operation op, long nowNanos) {
    polls++;
    String before = state + percent + note;
    percent = op.progressPercent().orElse(percent < 0 ? 0 : percent);
    state = stateOf(op);
    if (op.done()) {
      endNanos = nowNanos;
    }
    return !before.equals(state + percent + note);
  }

  /** Marks the watch as ended by an error. */
  void error(Throwable e, long nowNanos) {
    state = "ERROR";
    note = e.getClass().getSimpleName();
    endNanos = nowNanos;
  }

  Duration elapsed(long nowNanos) {
    return Duration.ofNanos((endNanos != 0 ? endNanos : nowNanos) - startNanos);
  }

  boolean ended() {
    return endNanos != 0;
  }

  private static String stateOf(Operation op) {
    if (!op.done()) {
      return "RUNNING";
    }
    return op.error().map(ProgressRow::failedState).orElse("DONE");
  }

  private static String failedState(RpcStatus s) {
    return s.codeNumber() == 1 ? "CANCELLED" : "FAILED " + s.code();
  }
}
