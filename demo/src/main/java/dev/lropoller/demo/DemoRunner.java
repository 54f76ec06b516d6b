package dev.lropoller.demo;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.bench.support.Durations;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Runs parts one and two against an embedded emulator and returns a structured report. Used by
 * {@link Demo#main} and, at small scale, by tests.
 */
public final class DemoRunner {
  private final DemoSettings settings;
  private final PrintStream out;
  private final boolean ansi;

  /**
   * Creates a runner.
   *
   * @param settings the timing of both parts
   * @param out where to print
   * @param ansi whether {@code out} is a terminal that understands ANSI escapes
   */
  public DemoRunner(DemoSettings settings, PrintStream out, boolean ansi) {
    this.settings = settings;
    this.out = out;
    this.ansi = ansi;
  }

  /**
   * Starts the emulator, runs both parts, stops the emulator and prints the verdict.
   *
   * @return what happened, next to what the scripts said
   */
  public DemoReport run() {
    List<String> problems = new ArrayList<>();
    List<MixOutcome> mix = List.of();
    ScaleSummary scale = null;
    try (AutoMlEmulator emulator =
        ScaleRun.withQuotas(VertexPart.withRegions(AutoMlEmulator.builder().logCapacity(0)),
            settings.scale()).start()) {
      out.println("lro-poller demo: an embedded AutoML emulator is serving " + emulator.baseUri()
          + " (no Google Cloud account needed).");
      try {
        mix = partOne(emulator);
      } catch (RuntimeException e) {
        problems.add("part one did not finish: " + e);
      }
      try {
        scale = partTwo(emulator);
      } catch (RuntimeException e) {
        problems.add("part two did not finish: " + e);
      }
    }
    DemoReport report = DemoReport.of(mix, scale, problems);
    new ReportPrinter(out).verdict(report);
    return report;
  }

  private List<MixOutcome> partOne(AutoMlEmulator emulator) {
    Duration unit = settings.mixUnit();
    PollPolicy policy = PollPolicy.defaults().withInitialInterval(unit.dividedBy(5)).withMaxInterval(unit);
    OperationPoller poller = Pollers.forEmulator(emulator.baseUri(), policy);
    List<MixCase> cases = MixCases.all(unit);
    out.println();
    out.println("Part one: " + cases.size() + " operations on one poller (polls every "
        + Durations.format(policy.initialInterval()) + " growing x" + policy.multiplier()
        + " to " + Durations.format(policy.maxInterval()) + "), each watched with poll(name):");
    List<MixOutcome> outcomes;
    try (ProgressBoard board = ProgressBoard.create(out, ansi)) {
      outcomes = new MixScenario(emulator, poller, board).run(cases, unit.multipliedBy(40).plusSeconds(30));
    }
    new ReportPrinter(out).outcomes(cases, outcomes);
    List<MixOutcome> all = new ArrayList<>(outcomes);
    all.addAll(new VertexPart(emulator, out, unit).run(unit.multipliedBy(40).plusSeconds(30)));
    return all;
  }

  private ScaleSummary partTwo(AutoMlEmulator emulator) {
    ScaleSettings s = settings.scale();
    ScaleRun run = new ScaleRun(emulator, s);
    OperationPoller poller = Pollers.forEmulator(emulator.baseUri(), ScaleRun.policy(s.interval()),
        s.maxRequestsPerMinute(), run.listener());
    out.println();
    out.printf(Locale.ROOT, "Part two: %s operations of %d projects on one poller, polled every %s;"
            + " they start over %s and end %s to %s later. The emulator answers %.1f%% of polls 503"
            + " and resets the connection of %.1f%% (transient faults, retried), and gives each"
            + " project a quota of %s requests a minute (sized for part two's polls), answering 429"
            + " RESOURCE_EXHAUSTED over it; the poller's budget is maxRequestsPerMinute(%s),"
            + " %d%% under the quota. No 429 is injected at random.%n",
        ReportPrinter.fmt(s.operations()), s.projects(), Durations.format(s.interval()),
        Durations.format(s.rampUp()), Durations.format(s.minDone()),
        Durations.format(s.maxDone()), 100 * s.rate503(), 100 * s.rateReset(),
        ReportPrinter.fmt(s.quotaPerMinute()), ReportPrinter.fmt(s.maxRequestsPerMinute()),
        Math.round(100 * (1 - ScaleSettings.BUDGET_SHARE)));
    long start = System.nanoTime();
    Disposable ticker = Flux.interval(Duration.ofSeconds(ansi ? 1 : 5), Schedulers.single())
        .subscribe(t -> status(run, emulator, start, false));
    ScaleSummary summary;
    try {
      summary = run.run(poller);
    } finally {
      ticker.dispose();
    }
    status(run, emulator, start, true);
    new ReportPrinter(out).summary(s, summary);
    return summary;
  }

  private synchronized void status(ScaleRun run, AutoMlEmulator emulator, long start, boolean last) {
    String line = String.format(Locale.ROOT,
        "  %6s  started %s, finished %s, requests %s, faults %s, quota 429s %s",
        Durations.format(Duration.ofNanos(System.nanoTime() - start)),
        ReportPrinter.fmt(run.started()), ReportPrinter.fmt(run.finished()),
        ReportPrinter.fmt(emulator.requestCount()), ReportPrinter.fmt(emulator.faultsInjected()),
        ReportPrinter.fmt(emulator.quotaRejections()));
    if (ansi) {
      out.print("\r\u001b[2K" + line + (last ? "\n" : ""));
      out.flush();
    } else {
      out.println(line);
    }
  }
}
