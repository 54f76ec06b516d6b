package dev.lropoller.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binding-budget simulation measures the gaps and waits the project's queue causes. */
class BudgetSimTest {
  private static final String P = "projects/sim/locations/us-central1/operations/";

  @Test
  void aRequestQueuedForTheBudgetShowsInTheGapAndTheLag() {
    Duration run = Duration.ofSeconds(12);
    Workload two = new Workload("two runs", List.of(new SimRun(P + 1, run, ProgressCurve.LINEAR),
        new SimRun(P + 2, run, ProgressCurve.LINEAR)), run, run);

    BudgetSim.Row row = BudgetSim.run("fixed 5 s", PollPolicy.fixed(Duration.ofSeconds(5)), two,
        1);

    // One request a minute: run 1 at 0 s, run 2 at 60 s (seen done), run 1 again at 120 s.
    assertThat(row.result().requestsPerRun()).isEqualTo(1.5);
    assertThat(row.result().lagNanos()).containsExactlyInAnyOrder(
        Duration.ofSeconds(108).toNanos(), Duration.ofSeconds(48).toNanos());
    assertThat(row.longestGapNanos()).isEqualTo(Duration.ofSeconds(120).toNanos());
  }

  @Test
  void theTableShowsTheLongestGapAndItsP99() {
    ScheduleResult r = new ScheduleResult("fifo", 1, 2.0,
        new long[] {Duration.ofMillis(1500).toNanos()}, 0);
    String table = BudgetSim.table(List.of(new BudgetSim.Row(r, 60_000_000_000L, 30_000_000_000L)));

    assertThat(table).contains("| fifo | 2.0 | 1.5 | 1.5 | 1.5 | 60.0 (30.0) |");
  }
}
