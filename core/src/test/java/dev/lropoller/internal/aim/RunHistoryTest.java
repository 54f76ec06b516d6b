package dev.lropoller.internal.aim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunHistoryTest {
  @Test
  void fewerThanFiveRunsGiveNoRange() {
    RunHistory h = new RunHistory();
    for (int i = 1; i < RunHistory.MIN_RUNS; i++) {
      h.record("CREATE_MODEL", "p", i * 1000L, 200);
    }
    assertThat(h.range("CREATE_MODEL", "p")).isNull();
  }

  @Test
  void theRangeIsTheTenthToNinetiethPercentile() {
    RunHistory h = new RunHistory();
    for (int i = 1; i <= 101; i++) {
      h.record("CREATE_MODEL", "p", i * 1000L, 200);
    }
    assertThat(h.range("CREATE_MODEL", "p")).containsExactly(11_000L, 91_000L);
  }

  @Test
  void eachKeyKeepsOnlyItsLatestRuns() {
    RunHistory h = new RunHistory();
    for (int i = 0; i < 10; i++) {
      h.record("K", "p", 1_000_000L, 5);
    }
    for (int i = 0; i < 5; i++) {
      h.record("K", "p", 1_000L, 5);
    }
    assertThat(h.range("K", "p")).containsExactly(1_000L, 1_000L);
  }

  @Test
  void aProjectWithTooFewRunsBorrowsTheKindsRangeOverAllProjects() {
    RunHistory h = new RunHistory();
    for (int i = 1; i <= 10; i++) {
      h.record("K", "other", i * 1_000L, 200);
    }
    h.record("K", "mine", 500L, 200);
    // Over all projects: 500, 1000, ..., 10000; mine alone has one run, too few.
    assertThat(h.range("K", "mine")).containsExactly(1_000L, 9_000L);
    assertThat(h.range("J", "mine")).isNull();
  }

  @Test
  void theNumberOfKeysIsBounded() {
    RunHistory h = new RunHistory();
    for (int i = 0; i < 3 * RunHistory.MAX_KEYS; i++) {
      h.record("K" + i, "p" + i, 1_000L, 200);
    }
    assertThat(h.keys()).isEqualTo(RunHistory.MAX_KEYS);
  }

  @Test
  void nonPositiveDurationsAreIgnored() {
    RunHistory h = new RunHistory();
    for (int i = 0; i < 10; i++) {
      h.record("K", "p", 0, 200);
      h.record("K", "p", -5, 200);
    }
    assertThat(h.keys()).isZero();
  }

  @Test
  void aPlanNeedsFiftyRuns() {
    RunHistory h = new RunHistory();
    for (int i = 1; i < RunHistory.MIN_PLAN_RUNS; i++) {
      h.record("K", "p", 60_000L + i, 200);
    }
    assertThat(h.plan("K", "p", 45_000, 2_000)).isNull();
    h.record("K", "p", 60_050L, 200);
    assertThat(h.plan("K", "p", 45_000, 2_000)).isNotNull();
  }

  @Test
  void aHistoryShownWrongByItsLatestEndsGivesNoRangeAndNoPlan() {
    RunHistory h = new RunHistory();
    for (int i = 0; i < 100; i++) {
      h.record("K", "p", 3_600_000L + i * 1000, 200);
    }
    // Runs now end in a third of the time: below every duration held.
    for (int i = 0; i < RunHistory.MAX_SURPRISES; i++) {
      h.record("K", "p", 1_200_000L - i, 200);
    }
    assertThat(h.range("K", "p")).isNotNull();
    h.record("K", "p", 1_100_000L, 200);
    assertThat(h.range("K", "p")).isNull();
    assertThat(h.plan("K", "p", 45_000, 2_000)).isNull();
  }

  @Test
  void endsWithinTheDurationsHeldKeepTheHistoryTrusted() {
    RunHistory h = new RunHistory();
    for (int i = 0; i < 100; i++) {
      h.record("K", "p", 3_600_000L + i * 1000, 200);
    }
    for (int i = 0; i < 3 * RunHistory.RECENT; i++) {
      h.record("K", "p", 3_600_000L + (i % 100) * 1000, 200);
    }
    assertThat(h.range("K", "p")).isNotNull();
    assertThat(h.plan("K", "p", 45_000, 2_000)).isNotNull();
  }
}
