package dev.lropoller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.bench.load.LoadRun;
import dev.lropoller.bench.load.RunResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load harness at toy scale, with the emulator in a child JVM: every contender sees every
 * operation end, with no errors; subscribers and projects shape the run; the heap census counts
 * waiting watches without a single request.
 */
class LoadRunHarnessTest {

  @Test
  @Timeout(60)
  void everyContenderSeesEveryOperationComplete() throws Exception {
    int operations = 20;
    int polls = 2;
    LoadRun.Config config = new LoadRun.Config(List.of(operations), polls, Duration.ofMillis(50),
        List.of("lro", "raw"), Duration.ZERO, 0, Duration.ofSeconds(30), null);

    List<RunResult> results = LoadRun.run(config);

    assertThat(results).extracting(RunResult::contender).containsExactly("lro", "raw");
    assertThat(results).allSatisfy(r -> {
      assertThat(r.errors()).as("errors of %s: %s", r.contender(), r.firstError()).isZero();
      assertThat(r.completed()).as("completed by %s", r.contender()).isEqualTo(operations);
      assertThat(r.requests()).as("requests of %s", r.contender())
          .isGreaterThanOrEqualTo((long) operations * polls);
      assertThat(r.cpuMicrosPerPoll()).isPositive();
      assertThat(r.lagP99Ms()).isGreaterThanOrEqualTo(r.lagP50Ms()).isNotNegative();
    });
    assertThat(LoadRun.table(results)).contains("| lro | 20 | 1 | 1 |", "| raw | 20 | 1 | 1 |");
  }

  @Test
  @Timeout(60)
  void subscribersMultiplyWatchesAndProjectsSplitRequests() throws Exception {
    int operations = 12;
    int polls = 2;
    LoadRun.Config config = new LoadRun.Config(List.of(operations), polls, Duration.ofMillis(50),
        List.of("raw"), Duration.ZERO, 0, Duration.ofSeconds(30), null, 1, 3, 4, 0, 0);

    RunResult raw = LoadRun.run(config).get(0);

    assertThat(raw.errors()).as("first error: %s", raw.firstError()).isZero();
    assertThat(raw.completed()).isEqualTo(operations * 3);
    // one loop per subscriber: the operation is done from its 2nd GET on, and each of the three
    // loops needs at least one GET, so at least polls + 2 per operation
    assertThat(raw.requests()).as("one loop per subscriber")
        .isGreaterThanOrEqualTo((long) operations * (polls + 2));
    assertThat(raw.projects()).isEqualTo(4);
    // 12 operations over 4 projects: each project saw a quarter of the requests, all in one minute
    assertThat(raw.maxPerProjectPerMinute()).isEqualTo((int) (raw.requests() / 4));
  }

  @Test
  @Timeout(60)
  void aBudgetUnderTheEmulatorsQuotaCausesNo429() throws Exception {
    int operations = 16;
    int polls = 3;
    // 8 operations a project need 24 polls: under the budget of 30, under the quota of 32.
    LoadRun.Config config = new LoadRun.Config(List.of(operations), polls, Duration.ofMillis(50),
        List.of("lro"), Duration.ZERO, 0, Duration.ofSeconds(30), null, 1, 1, 2, 30, 0, 32);

    RunResult lro = LoadRun.run(config).get(0);

    assertThat(lro.errors()).as("first error: %s", lro.firstError()).isZero();
    assertThat(lro.completed()).isEqualTo(operations);
    assertThat(lro.quota429s()).isZero();
    assertThat(lro.maxPerProjectPerMinute()).isBetween(polls * operations / 2, 30);
    assertThat(LoadRun.table(List.of(lro))).contains("| lro | 16 | 1 | 2 | " + lro.maxPerProjectPerMinute() + " | 0 |");
  }

  @Test
  @Timeout(60)
  void heapCensusHoldsWaitingWatchesWithoutPolling() throws Exception {
    LoadRun.HeapResult lro = LoadRun.heapOne("lro", 300);

    assertThat(lro.requests()).as("no watch polled yet").isZero();
    assertThat(lro.bytesPerWatch()).isPositive();
    assertThat(lro.histogram()).contains("dev.lropoller.");
  }
}
