package dev.lropoller.demo;

import dev.lropoller.model.Operation;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shows the progress of a few watched operations: redrawn in place on a terminal
 * ({@link AnsiProgressBoard}), or as one plain line per change elsewhere
 * ({@link PlainProgressBoard}). Thread-safe: every method may be called from any poll thread.
 */
abstract class ProgressBoard implements AutoCloseable {
  protected final PrintStream out;
  protected final Map<String, ProgressRow> rows = new LinkedHashMap<>();

  protected ProgressBoard(PrintStream out) {
    this.out = out;
  }

  /** The board for this output: ANSI redraws if {@code ansi}, plain lines otherwise. */
  static ProgressBoard create(PrintStream out, boolean ansi) {
    return ansi ? new AnsiProgressBoard(out) : new PlainProgressBoard(out);
  }

  /** Adds a row, shown from now on; its elapsed time starts now. */
  final synchronized void track(String label) {
    rows.put(label, new ProgressRow(label, System.nanoTime()));
  }

  /** Records one poll result. */
  final synchronized void update(String label, Operation op) {
    ProgressRow row = rows.get(label);
    if (row.apply(op, System.nanoTime())) {
      changed(row);
    }
  }

  /** Adds a remark to a row, such as "cancel sent". */
  final synchronized void note(String label, String note) {
    ProgressRow row = rows.get(label);
    row.note = note;
    changed(row);
  }

  /** Records that the watch of a row ended with an error. */
  final synchronized void error(String label, Throwable e) {
    ProgressRow row = rows.get(label);
    row.error(e, System.nanoTime());
    changed(row);
  }

  /** Called with the board's lock held when a row shows something new. */
  protected abstract void changed(ProgressRow row);

  /** Draws the final state and releases any timer. */
  @Override
  public abstract void close();

  /** The width of the widest label, for alignment. */
  protected int labelWidth() {
    return rows.keySet().stream().mapToInt(String::length).max().orElse(0);
  }
}
