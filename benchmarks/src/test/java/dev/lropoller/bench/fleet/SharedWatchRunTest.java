package dev.lropoller.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link SharedWatchRun} reads its survivors' result lines and prints a row. */
class SharedWatchRunTest {

  @Test
  void aWatchWhoseSnapshotsStopAtTheKillCountsAsTakenOverFromTheKill() {
    long kill = 10_000_000;
    List<String> lines = List.of(
        // Its owner survived: a snapshot every second across the kill.
        "op-1 done 9500000 10500000 11500000",
        // Its owner died: nothing from 9.8 s to 13.3 s, taken over 3.3 s after the kill.
        "op-2 done 8800000 9800000 13300000 14300000",
        "op-3 error:PollTimeoutException 9900000");

    SharedWatchRun.Row row = SharedWatchRun.row("kill", 3, 12, 36, lines, kill,
        Duration.ofSeconds(1));

    assertThat(row.doneOnce()).isEqualTo(2);
    assertThat(row.notDone()).isEqualTo(1);
    assertThat(row.takeoverMillis()).containsExactly(3300);
    assertThat(SharedWatchRun.table(List.of(row), Duration.ofSeconds(3), Duration.ofSeconds(1),
            Duration.ofSeconds(1)))
        .contains("| kill | 3 | 36 | 12.00 | 12 | 0.00 | 3 | 2 | 1 | 1 | 3300 / 3300 / 3300 |")
        .contains("= 4000 ms");
  }
}
