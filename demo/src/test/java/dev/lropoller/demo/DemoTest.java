package dev.lropoller.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.bench.support.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the demo in-process at small scale and checks its structured report. */
class DemoTest {

  @Test
  void bothPartsBehaveAsScriptedAtSmallScale() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    DemoReport report = new DemoRunner(DemoSettings.quick(200), out, false).run();

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(report.differences()).as(printed).isEmpty();
    assertThat(report.success()).isTrue();
    assertThat(report.mix()).extracting(MixOutcome::label).containsExactly(
        "import-dataset", "train-model", "import-bad-csv", "deploy-model", "batch-predict",
        "train-cancelled", "vertex-us-central1", "vertex-europe-west4");
    assertThat(report.mix()).extracting(MixOutcome::actual).containsExactly(
        Outcome.COMPLETED, Outcome.MODEL, Outcome.FAILED, Outcome.COMPLETED,
        Outcome.BATCH_RESULT, Outcome.CANCELLED, Outcome.MODEL, Outcome.MODEL);
    assertThat(report.mix().get(7).lines()).anySatisfy(l -> assertThat(l)
        .contains("projects/demo-project/locations/europe-west4/models/"));
    assertThat(report.mix().get(6).lines()).anySatisfy(l -> assertThat(l)
        .contains("PIPELINE_STATE_RUNNING -> PIPELINE_STATE_SUCCEEDED"));
    assertThat(report.mix()).allMatch(MixOutcome::matched);
    assertThat(report.mix().get(2).lines()).anySatisfy(
        l -> assertThat(l).contains("google.rpc.BadRequest").contains(MixCases.BAD_FIELD));

    ScaleSummary scale = report.scale();
    assertThat(scale.operations()).isEqualTo(200);
    assertThat(scale.succeeded()).isEqualTo(200);
    assertThat(scale.errors()).isEmpty();
    assertThat(scale.requests()).isGreaterThanOrEqualTo(200 + scale.faultsInjected());
    assertThat(scale.faultsInjected()).isPositive();
    // Spread over four projects, each under a quota the poller's budget stays below: the
    // emulator never had to answer 429 and the poller never cooled a project down.
    ScaleSettings s = DemoSettings.quick(200).scale();
    assertThat(s.projects()).isEqualTo(4);
    assertThat(s.maxRequestsPerMinute()).isLessThan(s.quotaPerMinute());
    assertThat(scale.quotaRejections()).isZero();
    assertThat(scale.coolDowns()).isZero();
    assertThat(scale.busiestProjectMinute()).isPositive().isLessThanOrEqualTo(s.maxRequestsPerMinute());
    assertThat(scale.requests()).isGreaterThanOrEqualTo(scale.busiestProjectMinute());
    assertThat(scale.lagP50()).isLessThanOrEqualTo(scale.lagP99());
    assertThat(scale.usage().peakThreads()).isPositive();

    assertThat(printed).doesNotContain("\u001b[");
    assertThat(printed).contains("poller.cancel() sent at", "Result: OK",
        "No 429 is injected at random", "0 requests answered 429 over a project's quota, 0 cool-downs");
    assertThat(printed).doesNotContain("429 (Retry-After");
  }

  @Test
  void theQuotaIsSizedForThePollsAndTheBudgetIsFivePercentUnder() {
    ScaleSettings ten = ScaleSettings.of(10_000, java.time.Duration.ofSeconds(2));
    // 2,500 operations a project, each polled at most ceil(15 s / 2 s) + 2 = 10 times.
    assertThat(ten.projects()).isEqualTo(4);
    assertThat(ten.maxRequestsPerMinute()).isEqualTo(25_000);
    assertThat(ten.quotaPerMinute()).isEqualTo(26_316);
    assertThat(ten.rateReset()).isEqualTo(0.005);
    assertThat(ten.rate503()).isEqualTo(0.01);
    // An interval longer than the operations: ceil(15 s / 90 s) + 2 = 3 polls each, 2 per project.
    ScaleSettings slow = ScaleSettings.of(8, java.time.Duration.ofSeconds(90));
    assertThat(slow.maxRequestsPerMinute()).isEqualTo(2 * 3);
    assertThat(ScaleSettings.of(3, java.time.Duration.ofSeconds(2)).projects()).isEqualTo(3);
  }

  @Test
  void aQuota429IsADifferenceEvenWhenEveryOperationSucceeded() {
    ResourceUsage usage = new ResourceUsage(java.time.Duration.ofSeconds(1), null, 1, 1, 1);
    java.time.Duration lag = java.time.Duration.ofMillis(5);
    ScaleSummary over = new ScaleSummary(10, 10, java.util.List.of(), 80, 2, 3, 1, 120, usage, lag, lag, lag);
    DemoReport report = DemoReport.of(java.util.List.of(), over, java.util.List.of());
    assertThat(report.success()).isFalse();
    assertThat(report.differences()).containsExactly("part two: 3 requests were answered 429 over a"
        + " project's quota although the poller's budget is under it");
    ScaleSummary clean = new ScaleSummary(10, 10, java.util.List.of(), 80, 2, 0, 0, 80, usage, lag, lag, lag);
    assertThat(DemoReport.of(java.util.List.of(), clean, java.util.List.of()).success()).isTrue();
  }

  @Test
  void badFlagsExitWithTwoQuotingTheValue() {
    assertUsage(new String[] {"--operations", "ten"}, "\"ten\"");
    assertUsage(new String[] {"--operations=0"}, "\"0\"");
    assertUsage(new String[] {"--interval", "5x"}, "\"5x\"");
    assertUsage(new String[] {"--frobnicate"}, "\"--frobnicate\"");
    assertUsage(new String[] {"--endpoint", "https://example.com"}, "needs --operation");
    assertUsage(new String[] {"--operation", "projects/p/locations/l/operations/1", "--operations", "5"},
        "cannot be combined");
    assertUsage(new String[] {"--interval"}, "--interval needs a value");
  }

  @Test
  void flagsAreParsed() throws UsageException {
    DemoOptions o = DemoOptions.parse("--operations", "2500", "--interval=750ms");
    assertThat(o.operations()).isEqualTo(2500);
    assertThat(o.interval()).isEqualTo(java.time.Duration.ofMillis(750));
    assertThat(o.realOperation()).isEmpty();
    assertThat(DemoOptions.parse("--interval", "1.5s").interval())
        .isEqualTo(java.time.Duration.ofMillis(1500));
    assertThat(DemoOptions.parse().operations()).isEqualTo(DemoOptions.DEFAULT_OPERATIONS);
  }

  @Test
  void helpPrintsUsageAndExitsZero() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = Demo.run(new String[] {"--help"}, new PrintStream(bytes, true, StandardCharsets.UTF_8),
        System.err, false);
    assertThat(code).isZero();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("--operations N", "--operation NAME");
  }

  private static void assertUsage(String[] args, String quoted) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Demo.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8), false);
    assertThat(code).isEqualTo(Demo.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(quoted).contains("usage:");
  }
}
