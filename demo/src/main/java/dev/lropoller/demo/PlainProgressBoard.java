package dev.lropoller.demo;

import dev.lropoller.bench.support.Durations;
import java.io.PrintStream;
import java.util.Locale;

/** Progress for pipes and CI logs: one line each time a row's percent, state or note changes. */
final class PlainProgressBoard extends ProgressBoard {

  PlainProgressBoard(PrintStream out) {
    super(out);
  }

  @Override
  protected void changed(ProgressRow row) {
    long now = System.nanoTime();
    out.println(String.format(Locale.ROOT, "  %7s  %-" + labelWidth() + "s  %3s  %-28s %s",
        Durations.format(row.elapsed(now)), row.label,
        row.percent < 0 ? "" : row.percent + "%", row.state, row.note).stripTrailing());
  }

  @Override
  public void close() {
    out.flush();
  }
}
