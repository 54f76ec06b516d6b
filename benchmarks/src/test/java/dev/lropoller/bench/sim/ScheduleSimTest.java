package dev.lropoller.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulation counts what a schedule really sends, on runs whose answers follow the clock. */
class ScheduleSimTest {
  private static Workload oneRun(Duration duration) {
    return new Workload("one run", List.of(new SimRun(
        "projects/sim-0/locations/us-central1/operations/1", duration, ProgressCurve.LINEAR)),
        duration, duration);
  }

  @Test
  void aFixedFiveSecondScheduleSeesATwelveSecondRunAtFifteenSeconds() {
    ScheduleResult r = new EngineSchedule("fixed 5 s", PollPolicy.fixed(Duration.ofSeconds(5)))
        .run(oneRun(Duration.ofSeconds(12)));
    // Polls at 0, 5, 10 and 15 s: done is first seen at 15 s, 3 s after the end.
    assertThat(r.requestsPerRun()).isEqualTo(4.0);
    assertThat(r.lagNanos()).containsExactly(Duration.ofSeconds(3).toNanos());
    assertThat(r.notSeenDone()).isZero();
  }

  @Test
  void theDefaultBackoffWithoutJitterPollsAtZeroFiveAndTwelveAndAHalfSeconds() {
    ScheduleResult r = new EngineSchedule("default", PollPolicy.defaults().withJitter(0))
        .run(oneRun(Duration.ofSeconds(12)));
    assertThat(r.requestsPerRun()).isEqualTo(3.0);
    assertThat(r.lagNanos()).containsExactly(Duration.ofMillis(500).toNanos());
  }

  @Test
  void gaxStopsWatchingARunLongerThanItsTotalTimeout() {
    GaxSchedule gax = new GaxSchedule();
    assertThat(gax.label()).contains("read from gax").contains("total 5 min");
    ScheduleResult stopped = gax.run(oneRun(Duration.ofMinutes(10)));
    assertThat(stopped.notSeenDone()).isEqualTo(1);
    assertThat(stopped.lagNanos()).isEmpty();
    ScheduleResult lifted = gax.runToTheEnd(oneRun(Duration.ofMinutes(10)));
    assertThat(lifted.notSeenDone()).isZero();
    // gax's delays are capped at 45 s, so the end is seen within 45 s.
    assertThat(lifted.lagNanos()[0]).isBetween(0L, Duration.ofSeconds(45).toNanos());
    assertThat(lifted.requestsPerRun()).isGreaterThan(stopped.requestsPerRun());
  }

  @Test
  void theTableSaysNotApplicableForLagWhenNoRunWasSeenDone() {
    String table = ScheduleSim.table(List.of(
        new ScheduleResult("never", 1, 3.0, new long[0], 1),
        new ScheduleResult("seen", 1, 2.0, new long[] {Duration.ofMillis(1500).toNanos()}, 0)));
    assertThat(table).contains("| never | 3.0 | n/a | n/a | n/a | 1 |")
        .contains("| seen | 2.0 | 1.5 | 1.5 | 1.5 | 0 |");
  }
}
