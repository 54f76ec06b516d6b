package dev.lropoller.demo;

import dev.lropoller.bench.support.Durations;
import java.io.PrintStream;
import java.util.Locale;

/** Prints part one's outcomes, part two's summary and the verdict. */
final class ReportPrinter {
  private final PrintStream out;

  ReportPrinter(PrintStream out) {
    this.out = out;
  }

  void outcomes(java.util.List<MixCase> cases, java.util.List<MixOutcome> outcomes) {
    out.println();
    out.println("Outcomes (typed Monos: model(), completion(), result(name, BATCH_PREDICT_RESULT)):");
    for (int i = 0; i < outcomes.size(); i++) {
      MixOutcome o = outcomes.get(i);
      out.printf(Locale.ROOT, "  %-16s %-48s %-12s %s (%s)%n", o.label(), cases.get(i).what(),
          o.actual(), o.matched() ? "as scripted" : "DIFFERS", Durations.format(o.elapsed()));
      out.println("      operation " + o.operationName());
      for (String line : o.lines()) {
        out.println("      " + line);
      }
      if (!o.matched()) {
        out.println("      difference: " + o.difference());
      }
    }
  }

  void summary(ScaleSettings s, ScaleSummary r) {
    ResourceUsage u = r.usage();
    out.println();
    out.println("Summary of part two (client and emulator share this JVM):");
    row("operations", fmt(r.operations()) + " watched by one poller, " + fmt(r.succeeded())
        + " completed" + (r.success() ? "" : ", " + fmt(r.operations() - r.succeeded()) + " did not"));
    row("polls", fmt(r.requests()) + " requests answered by the emulator ("
        + String.format(Locale.ROOT, "%.1f", r.requests() / (double) Math.max(1, r.operations()))
        + " per operation, every " + Durations.format(s.interval()) + ")");
    row("retried failures", fmt(r.faultsInjected()) + " injected 503 answers and connection resets,"
        + " retried without reaching the caller");
    row("quota", fmt(r.quotaRejections()) + " requests answered 429 over a project's quota, "
        + fmt(r.coolDowns()) + " cool-downs; busiest project: " + fmt(r.busiestProjectMinute())
        + " requests in 60 s (budget " + fmt(s.maxRequestsPerMinute()) + ", quota "
        + fmt(s.quotaPerMinute()) + " a minute)");
    row("wall time", Durations.format(u.wall()));
    row("CPU time", u.cpu() == null ? "not reported by this JVM" : Durations.format(u.cpu())
        + String.format(Locale.ROOT, " (%.0f%% of one core)",
            100.0 * u.cpu().toNanos() / Math.max(1, u.wall().toNanos())));
    row("peak heap", (u.peakHeapBytes() / (1024 * 1024)) + " MiB (sampled every 50 ms)");
    row("live threads", u.peakThreads() + " at peak, " + u.liveThreadsAtEnd() + " at the end");
    row("detection lag", "p50 " + Durations.format(r.lagP50()) + ", p99 "
        + Durations.format(r.lagP99()) + ", max " + Durations.format(r.lagMax())
        + " (client's completion minus emulator's doneAt)");
    for (String e : r.errors()) {
      row("error", e);
    }
  }

  void verdict(DemoReport report) {
    out.println();
    if (report.success()) {
      out.println("Result: OK, every outcome matched its script.");
    } else {
      out.println("Result: FAILED, " + report.differences().size() + " difference(s):");
      report.differences().forEach(d -> out.println("  - " + d));
    }
  }

  private void row(String key, String value) {
    out.printf(Locale.ROOT, "  %-17s %s%n", key, value);
  }

  static String fmt(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
