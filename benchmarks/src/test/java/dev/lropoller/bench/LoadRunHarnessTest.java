package dev.lropoller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.bench.load.LoadRun;
import dev.lropoller.bench.load.RunResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load harness at toy scale: every contender sees every operation end, with no errors. */
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
    assertThat(LoadRun.table(results)).contains("| lro | 20 |", "| raw | 20 |");
  }
}
