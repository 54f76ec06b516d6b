package dev.lropoller.bench.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.testing.emulator.JobState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagLedgerTest {
  @Test
  void runsAreTenToSixtyMinutesSeededAndOneInTenFails() {
    List<LagRuns.Run> runs = LagRuns.of(1000, 42, List.of("a", "b"), List.of("l1", "l2"));
    assertThat(runs).allSatisfy(r -> assertThat(r.duration()).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(60)));
    assertThat(runs).extracting(LagRuns.Run::duration)
        .containsExactlyElementsOf(LagRuns.of(1000, 42, List.of("x"), List.of("y")).stream()
            .map(LagRuns.Run::duration).toList());
    long failed = runs.stream().filter(r -> r.end() == JobState.FAILED).count();
    assertThat(failed).isBetween(70L, 130L);
    assertThat(runs.get(3).parent()).isEqualTo("projects/b/locations/l2");
    assertThat(runs.get(3).location()).isEqualTo("l2");
    assertThat(runs.get(0).script().steps()).extracting(s -> s.state())
        .containsExactly(JobState.RUNNING, runs.get(0).end());
  }

  @Test
  void lagIsTheSeenTimeLessTheScriptedEndAndStatesAreCompared() {
    List<LagRuns.Run> runs = List.of(
        new LagRuns.Run(0, "projects/p/locations/l", Duration.ofMinutes(10), JobState.SUCCEEDED),
        new LagRuns.Run(1, "projects/p/locations/l", Duration.ofMinutes(20), JobState.FAILED),
        new LagRuns.Run(2, "projects/p/locations/l", Duration.ofMinutes(30), JobState.SUCCEEDED),
        new LagRuns.Run(3, "projects/p/locations/l", Duration.ofMinutes(40), JobState.SUCCEEDED));
    LagLedger ledger = new LagLedger(runs);
    ledger.seen(0, "SUCCEEDED", Duration.ofMinutes(10).plusSeconds(4).toNanos());
    ledger.seen(1, "SUCCEEDED", Duration.ofMinutes(20).plusSeconds(10).toNanos());
    ledger.failed(2, new IllegalStateException("boom"));
    assertThat(ledger.allReported()).isFalse();
    assertThat(ledger.asScripted()).isEqualTo(1);
    assertThat(ledger.mismatches()).isEqualTo(1);
    assertThat(ledger.errors()).isEqualTo(1);
    assertThat(ledger.firstError()).contains("2: ").contains("boom");
    assertThat(ledger.unseen()).isEqualTo(1);
    assertThat(ledger.lagMicros().count()).isEqualTo(2);
    assertThat(ledger.lagMicros().at(50)).isEqualTo(4_000_000L);
    assertThat(ledger.lagMicros().max()).isEqualTo(10_000_000L);
    assertThat(ledger.meanLagSeconds()).isEqualTo(7.0);
  }
}
