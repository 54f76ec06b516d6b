package dev.lropoller.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@link SharedWatchRun} reads its survivors' result lines and prints a row. */
class SharedWatchRunTest {

  @Test
  void onlyTheKilledReplicasNamesCountAsTakenOverAndTheTablePrintsTheirTimes() {
    long kill = 10_000_000;
    List<String> lines = List.of(
        // Owned by r1: a snapshot every second across the kill.
        "op-1 done 9500000 10500000 11500000",
        // Owned by r0, the killed one, its lease expiring at 12.79 s: r0's own last snapshot
        // arrives late at 10.2 s, the new owner's 3.3 s after the kill.
        "op-2 done 8800000 9800000 10200000 13300000 14300000",
        // Owned by r2: a 2 s gap across the kill from load, not a takeover.
        "op-3 error:PollTimeoutException 9900000 11900000");
    Map<String, SharedWatchTakeovers.Lease> leases = Map.of(
        "op-1", new SharedWatchTakeovers.Lease("kill-r1", 2500),
        "op-2", new SharedWatchTakeovers.Lease("kill-r0", 2800),
        "op-3", new SharedWatchTakeovers.Lease("kill-r2", 2900));

    SharedWatchRun.Row row = SharedWatchRun.row("kill", 3, 12, 36, 3, leases, lines, "kill-r0",
        kill - 10_000, kill, Duration.ofSeconds(1),
        new SharedWatchRun.ScriptRate(3_000, 2.5, 2));

    assertThat(row.doneOnce()).isEqualTo(2);
    assertThat(row.notDone()).isEqualTo(1);
    assertThat(row.owned()).containsExactly(Map.entry("kill-r0", 1), Map.entry("kill-r1", 1),
        Map.entry("kill-r2", 1));
    assertThat(row.takeovers().millis()).containsExactly(3300);
    assertThat(row.takeovers().afterExpiryMillis()).containsExactly(510);
    assertThat(row.takeovers().lateFromKilled()).isEqualTo(1);
    assertThat(row.takeovers().otherGaps()).isEqualTo(1);
    assertThat(SharedWatchRun.table(List.of(row), Duration.ofSeconds(3), Duration.ofSeconds(1),
            Duration.ofSeconds(1)))
        .contains("| kill | 3 | 36 | 12.00 | 12 | 0.00 | 3 | r0 1, r1 1, r2 1 | 3 | 2 | 1 | 1"
            + " | 3300 / 3300 / 3300 | 510 / 510 / 510 | 1 | 0 | 1 | 600 (3,000 in 2.5 s) |")
        .contains("= 4000 ms");
  }

  @Test
  void aRowWithoutAKillPrintsDashesForTheTakeover() {
    SharedWatchRun.Row row = SharedWatchRun.row("steady", 1, 12, 12, 1,
        Map.of("op-1", new SharedWatchTakeovers.Lease("steady-r2", 2000)),
        List.of("op-1 done 1000000"), "steady-r0", 500_000, 0, Duration.ofSeconds(1), null);

    assertThat(row.takeovers()).isNull();
    assertThat(SharedWatchRun.table(List.of(row), Duration.ofSeconds(3), Duration.ofSeconds(1),
            Duration.ofSeconds(1)))
        .contains("| steady | 1 | 12 | 12.00 | 12 | 0.00 | 1 | r2 1 | 1 | 1 | 0 | – | – | – | – | – | – | – |");
  }
}
