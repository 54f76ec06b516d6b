package dev.lropoller.internal.aim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AimRuleTest {
  private static final long MIN = 2_000;
  private static final long MAX = 600_000;
  private static final long FALLBACK = 45_000;
  private static final long BACKOFF = 5_000;

  private static long next(EndWindow w, long now, long age) {
    return AimRule.nextDelayMillis(w, now, age, BACKOFF, MIN, MAX, FALLBACK);
  }

  @Test
  void withoutAWindowTheBackoffDecides() {
    assertThat(next(null, 1_000, 1_000)).isEqualTo(BACKOFF);
  }

  @Test
  void beforeAProgressWindowItWaitsHalfTheTimeToItsStart() {
    EndWindow w = new EndWindow(100_000, 110_000, true);
    assertThat(next(w, 0, 0)).isEqualTo(50_000);
    assertThat(next(w, 60_000, 60_000)).isEqualTo(20_000);
  }

  @Test
  void closeToTheWindowItLandsOnItsStart() {
    EndWindow w = new EndWindow(100_000, 110_000, true);
    // 6 s left is within four minimum intervals: wait all of it.
    assertThat(next(w, 94_000, 94_000)).isEqualTo(6_000);
  }

  @Test
  void insideAProgressWindowItStepsATwentiethOfItsWidthButNotBelowTheMinimum() {
    assertThat(next(new EndWindow(100_000, 300_000, true), 150_000, 0)).isEqualTo(10_000);
    assertThat(next(new EndWindow(100_000, 110_000, true), 105_000, 0)).isEqualTo(MIN);
  }

  @Test
  void pastAProgressWindowItBacksOffFromItsEndUpToThePolicyMaximum() {
    EndWindow w = new EndWindow(100_000, 110_000, true);
    assertThat(next(w, 111_000, 0)).isEqualTo(MIN);
    assertThat(next(w, 130_000, 0)).isEqualTo(10_000);
    assertThat(next(w, 10_000_000, 0)).isEqualTo(FALLBACK);
  }

  @Test
  void beforeAHistoryWindowTheWaitIsAtMostATenthOfTheAgeAndNeverBelowTheBackoff() {
    EndWindow w = new EndWindow(3_600_000, 7_200_000, false);
    assertThat(next(w, 0, 0)).isEqualTo(BACKOFF);
    assertThat(next(w, 1_200_000, 1_200_000)).isEqualTo(120_000);
    assertThat(next(w, 1_200_000, -1)).isEqualTo(BACKOFF);
    assertThat(next(w, 4_000_000, 4_000_000)).isEqualTo(BACKOFF);
  }

  @Test
  void theBoundsHoldForAnyWindowClockAgeAndBackoff() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long early = r.nextLong(-10_000_000, 100_000_000);
      long late = early + r.nextLong(0, 50_000_000);
      EndWindow w = r.nextInt(4) == 0 ? null : new EndWindow(early, late, r.nextBoolean());
      long min = r.nextLong(1, 30_000);
      long max = min + r.nextLong(0, 3_600_000);
      long d = AimRule.nextDelayMillis(w, r.nextLong(0, 100_000_000), r.nextLong(-1, 100_000_000),
          r.nextLong(0, 10_000_000), min, max, r.nextLong(1, 10_000_000));
      assertThat(d).as("case %d", i).isBetween(min, max);
    }
  }

  @Test
  void badBoundsAreRefusedWithTheirValues() {
    assertThatThrownBy(() -> AimRule.nextDelayMillis(null, 0, 0, 1, 0, 10, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 and 10");
    assertThatThrownBy(() -> AimRule.nextDelayMillis(null, 0, 0, 1, 20, 10, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20 and 10");
  }
}
