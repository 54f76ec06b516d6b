package dev.lropoller.bench.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.model.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class VertexLoadRunTest {
  @Test
  void anOperationsOutcomeIsReadFromItsErrorCode() {
    assertThat(VertexLoadRun.operationOutcome(Operation.parse("{\"name\":\"projects/p/locations/l/operations/1\",\"done\":true,\"response\":{}}")))
        .isEqualTo("SUCCEEDED");
    assertThat(VertexLoadRun.operationOutcome(Operation.parse("{\"name\":\"projects/p/locations/l/operations/1\",\"done\":true,\"error\":{\"code\":1,\"message\":\"CANCELLED\"}}")))
        .isEqualTo("CANCELLED");
    assertThat(VertexLoadRun.operationOutcome(Operation.parse("{\"name\":\"projects/p/locations/l/operations/1\",\"done\":true,\"error\":{\"code\":13,\"message\":\"x\"}}")))
        .isEqualTo("FAILED");
  }

  @Test
  void theRatioIsJobsOverOperationsOfTheRoundsMeans() {
    ShapeResult jobs1 = result(LoadShape.JOBS, 1000, 1.0, 0.2, 0.1);   // client 800 µs/poll
    ShapeResult jobs2 = result(LoadShape.JOBS, 1000, 1.4, 0.2, 0.3);   // client 1200 µs/poll
    ShapeResult ops = result(LoadShape.OPERATIONS, 2000, 2.4, 0.4, 0.4); // client 1000 µs/poll
    assertThat(jobs1.clientMicrosPerPoll()).isEqualTo(800.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(jobs1.warmClientMicrosPerPoll()).isEqualTo(700.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ops.totalMicrosPerPoll()).isEqualTo(1200.0, org.assertj.core.data.Offset.offset(1e-9));
    String table = VertexLoadRun.ratios(List.of(jobs1, ops, jobs2));
    assertThat(table).contains("| client (process less emulator threads) | 1000.0 | 1000.0 | 1.00 |")
        .contains("| client's own Java threads (no GC, no JIT) |")
        .contains("| client less JIT compilation | 800.0 | 800.0 | 1.00 |")
        .contains("| process (emulator included) | 1200.0 | 1200.0 | 1.00 |");
    assertThat(VertexLoadRun.ratios(List.of(jobs1))).contains("no ratio");
  }

  @Test
  void theCollectorsCpuIsSplitByWhoAllocated() {
    // 1 s process: 0.2 s emulator threads, 0.5 s client threads, 0.3 s JVM threads of which
    // 0.1 s JIT; the client allocated 3 of every 4 bytes, so it gets 0.15 s of the collector.
    CpuSample spent = new CpuSample(1_000_000_000L, 200_000_000L, 500_000_000L, 1_000, 3_000,
        100_000_000L);
    assertThat(spent.jvmNanos()).isEqualTo(300_000_000L);
    assertThat(spent.clientAttributedNanos()).isEqualTo(650_000_000L);
    ShapeResult r = new ShapeResult(
        LoadShape.JOBS, 100, 100, 0, 0, 10, 1000, 0, 20, 600, 600, spent);
    assertThat(r.clientJavaMicrosPerPoll()).isEqualTo(500.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.attributedMicrosPerPoll()).isEqualTo(650.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.clientBytesPerPoll()).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.emulatorBytesPerPoll()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void onlyCompilerThreadsCountAsJitAndTheirTicksAreUserPlusSystem() {
    String c2 = "4242 (C2 CompilerThre) S 1 4200 4200 0 -1 1077936192 10 0 0 0 731 29 0 0 20 0 1 0"
        + " 100 0 0";
    String odd = "4243 (my (odd) thread) S 1 4200 4200 0 -1 1077936192 10 0 0 0 5 6 0 0 20 0 1 0";
    String gc = "4244 (GC Thread#0) S 1 4200 4200 0 -1 1077936192 10 0 0 0 50 1 0 0 20 0 1 0";
    assertThat(JvmThreadCpu.compilerTicks(c2)).isEqualTo(760);
    assertThat(JvmThreadCpu.compilerTicks(odd)).isZero();
    assertThat(JvmThreadCpu.compilerTicks(gc)).isZero();
    assertThat(JvmThreadCpu.compilerTicks("garbage")).isZero();
  }

  @Test
  void readingsAreDifferencedFieldByFieldAndTheJvmShareNeverGoesNegative() {
    CpuSample before = new CpuSample(10, 1, 2, 100, 200, 3);
    CpuSample after = new CpuSample(30, 5, 9, 150, 260, 4);
    assertThat(after.minus(before)).isEqualTo(new CpuSample(20, 4, 7, 50, 60, 1));
    // A thread that ended between readings: the Java threads sum to more than the process.
    CpuSample odd = new CpuSample(10, 6, 7, 0, 0, 0);
    assertThat(odd.jvmNanos()).isZero();
    assertThat(odd.clientAttributedNanos()).isEqualTo(7);
  }

  @Test
  void aLiveReadingSeesThisThreadsCpuAndAllocation() {
    CpuSample before = CpuSample.now("no-thread-has-this-prefix");
    long sum = 0;
    for (int i = 0; i < 200_000; i++) {
      sum += Integer.toString(i).length();
    }
    CpuSample spent = CpuSample.now("no-thread-has-this-prefix").minus(before);
    assertThat(sum).isPositive();
    assertThat(spent.emulatorNanos()).isZero();
    assertThat(spent.emulatorBytes()).isZero();
    assertThat(spent.clientJavaNanos()).isPositive();
    assertThat(spent.clientBytes()).isGreaterThan(200_000L);
  }

  @Test
  void theCommandLineHasDefaultsAndRefusesUnknownShapes() {
    VertexLoadRun.Config c = VertexLoadRun.parse(new String[0]);
    assertThat(c.runs()).isEqualTo(10_000);
    assertThat(c.projects()).hasSize(5);
    assertThat(c.locations()).hasSize(4);
    assertThat(c.quota()).isEqualTo(600);
    assertThat(c.shapes()).containsExactly(LoadShape.JOBS, LoadShape.OPERATIONS);
    assertThatThrownBy(() -> VertexLoadRun.parse(new String[] {"--shapes", "jobs,lros"}))
        .hasMessageContaining("\"lros\"");
  }

  private static ShapeResult result(
      LoadShape shape, long requests, double cpu, double emulatorCpu, double jit) {
    CpuSample spent = new CpuSample(nanos(cpu), nanos(emulatorCpu), nanos(cpu - emulatorCpu - jit),
        0, 0, nanos(jit));
    return new ShapeResult(shape, 100, 100, 0, 0, 10, requests, 0, 20, 600, 600, spent);
  }

  private static long nanos(double seconds) {
    return Math.round(seconds * 1e9);
  }
}
