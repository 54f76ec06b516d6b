package dev.lropoller.demo;

import static org.assertj.core.api.Assertions.assertThat;

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
        "train-cancelled");
    assertThat(report.mix()).extracting(MixOutcome::actual).containsExactly(
        Outcome.COMPLETED, Outcome.MODEL, Outcome.FAILED, Outcome.COMPLETED,
        Outcome.BATCH_RESULT, Outcome.CANCELLED);
    assertThat(report.mix()).allMatch(MixOutcome::matched);
    assertThat(report.mix().get(2).lines()).anySatisfy(
        l -> assertThat(l).contains("google.rpc.BadRequest").contains(MixCases.BAD_FIELD));

    ScaleSummary scale = report.scale();
    assertThat(scale.operations()).isEqualTo(200);
    assertThat(scale.succeeded()).isEqualTo(200);
    assertThat(scale.errors()).isEmpty();
    assertThat(scale.requests()).isGreaterThanOrEqualTo(200 + scale.faultsInjected());
    assertThat(scale.faultsInjected()).isPositive();
    assertThat(scale.lagP50()).isLessThanOrEqualTo(scale.lagP99());
    assertThat(scale.usage().peakThreads()).isPositive();

    assertThat(printed).doesNotContain("\u001b[");
    assertThat(printed).contains("poller.cancel() sent at", "Result: OK");
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
