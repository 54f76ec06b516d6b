package dev.lropoller.demo;

import dev.lropoller.bench.support.Durations;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Progress for a terminal: one row per operation, redrawn in place ten times a second. */
final class AnsiProgressBoard extends ProgressBoard {
  private static final int BAR = 24;
  private static final String RESET = "\u001b[0m";
  private final Disposable ticker;
  private int drawnLines;

  AnsiProgressBoard(PrintStream out) {
    super(out);
    out.print("\u001b[?25l"); // hide the cursor while redrawing
    this.ticker = Flux.interval(Duration.ofMillis(100), Schedulers.single())
        .subscribe(t -> redraw());
  }

  @Override
  protected void changed(ProgressRow row) {
    // drawn on the next tick
  }

  @Override
  public void close() {
    ticker.dispose();
    redraw();
    out.print("\u001b[?25h");
    out.flush();
  }

  private synchronized void redraw() {
    long now = System.nanoTime();
    StringBuilder sb = new StringBuilder();
    if (drawnLines > 0) {
      sb.append("\u001b[").append(drawnLines).append('F');
    }
    int width = labelWidth();
    for (ProgressRow row : rows.values()) {
      sb.append("\u001b[2K").append(line(row, width, now)).append('\n');
    }
    drawnLines = rows.size();
    out.print(sb);
    out.flush();
  }

  private static String line(ProgressRow row, int width, long now) {
    int pct = Math.max(0, row.percent);
    int filled = pct * BAR / 100;
    String bar = "=".repeat(filled) + (filled < BAR ? ">" + " ".repeat(BAR - filled - 1) : "");
    return String.format(Locale.ROOT, "  %-" + width + "s [%s] %3d%%  %s%-24s%s %7s  %s",
        row.label, bar, pct, color(row.state), row.state, RESET,
        Durations.format(row.elapsed(now)), row.note);
  }

  private static String color(String state) {
    if (state.equals("DONE")) {
      return "\u001b[32m";
    }
    if (state.equals("CANCELLED")) {
      return "\u001b[33m";
    }
    if (state.startsWith("FAILED") || state.equals("ERROR")) {
      return "\u001b[31m";
    }
    return "\u001b[36m";
  }
}
