package dev.lropoller.bench.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lag run end to end at toy scale: real HTTP on loopback, one virtual clock per contender. */
class VertexLagRunTest {
  private static final List<LagRuns.Run> RUNS =
      LagRuns.of(12, 42, List.of("p0", "p1"), List.of("us-central1", "europe-west4"));

  @Test
  void pythonsFixedScheduleSeesEveryEndWithinFiveSecondsAndPollsEveryFive() throws Exception {
    LagResult r = VertexLagRun.runOne("python", RUNS, Duration.ofMillis(10), Duration.ofHours(2));
    assertThat(r.asScripted()).isEqualTo(12);
    assertThat(r.mismatches() + r.errors() + r.unseen()).isZero();
    assertThat(r.lagMaxSeconds()).isLessThan(5.0);
    // GET at 0 s, then every 5 s until the first at or after the end.
    double expected = RUNS.stream().mapToLong(x -> x.duration().toSeconds() / 5 + (x.duration().toSeconds() % 5 == 0 ? 1 : 2))
        .average().orElseThrow();
    assertThat(r.requestsPerRun()).isEqualTo(expected);
  }

  @Test
  void lroPollerWithItsDefaultsSeesEveryEndWithinItsMaximumInterval() throws Exception {
    LagResult r = VertexLagRun.runOne("lro", RUNS, Duration.ofMillis(10), Duration.ofHours(2));
    assertThat(r.asScripted()).isEqualTo(12);
    assertThat(r.mismatches() + r.errors() + r.unseen()).isZero();
    // Capped at 45 s with 10 % jitter, plus the driver's steps.
    assertThat(r.lagMaxSeconds()).isLessThan(49.6);
    assertThat(r.requestsPerRun()).isBetween(20.0, 100.0);
  }

  @Test
  void anUnknownContenderIsRefusedNamingIt() {
    assertThatThrownBy(() -> VertexLagRun.contender("ruby")).hasMessageContaining("\"ruby\"");
  }
}
