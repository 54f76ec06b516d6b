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
        .contains("| client less JIT compilation | 800.0 | 800.0 | 1.00 |")
        .contains("| process (emulator included) | 1200.0 | 1200.0 | 1.00 |");
    assertThat(VertexLoadRun.ratios(List.of(jobs1))).contains("no ratio");
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
    return new ShapeResult(
        shape, 100, 100, 0, 0, 10, requests, 0, 20, 600, 600, cpu, emulatorCpu, jit);
  }
}
