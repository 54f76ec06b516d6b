package dev.lropoller.internal.aim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HazardPlanTest {
  private static final long MINUTE = 60_000;
  private static final long BUDGET = 45_000;

  /** {@code n} durations, lognormal with median 3 h and sigma 0.5, sorted. */
  private static long[] lognormal(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] d = new long[n];
    for (int i = 0; i < n; i++) {
      double z = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      d[i] = Math.round(180 * MINUTE * Math.exp(0.5 * z));
    }
    Arrays.sort(d);
    return d;
  }

  /** Requests and total lag of following {@code plan} (the backoff's maximum past it). */
  private static long[] replay(HazardPlan plan, long[] runs) {
    long requests = 0;
    long lag = 0;
    for (long end : runs) {
      long t = 0;
      requests++;
      while (t < end) {
        long w = plan == null ? -1 : plan.waitMillis(t);
        t += w < 0 ? BUDGET : Math.max(2_000, Math.min(10 * MINUTE, w));
        requests++;
      }
      lag += t - end;
    }
    return new long[] {requests, lag};
  }

  @Test
  void onRunsLikeItsHistoryThePlanHasLessLagThanTheFixedIntervalForAboutItsRequests() {
    HazardPlan plan = HazardPlan.of(lognormal(200, 43), BUDGET, 2_000);
    long[] runs = lognormal(1000, 42);
    long[] aimed = replay(plan, runs);
    long[] fixed = replay(null, runs);
    assertThat((double) aimed[0]).isBetween(0.9 * fixed[0], 1.05 * fixed[0]);
    assertThat((double) aimed[1]).isLessThan(0.85 * fixed[1]);
  }

  @Test
  void itPollsSparselyBeforeTheHistorysEndsAndDenselyAmongThem() {
    long[] history = new long[100];
    for (int i = 0; i < history.length; i++) {
      history[i] = 60 * MINUTE + i * 12_000;
    }
    HazardPlan plan = HazardPlan.of(history, BUDGET, 2_000);
    long early = plan.waitMillis(10 * MINUTE);
    long among = plan.waitMillis(70 * MINUTE);
    assertThat(among).isLessThan(BUDGET);
    assertThat(early).isGreaterThan(10 * among);
  }

  @Test
  void aWaitNeverJumpsOverTheAgesWhereRunsEnd() {
    long[] history = new long[100];
    Arrays.fill(history, 60 * MINUTE);
    HazardPlan plan = HazardPlan.of(history, BUDGET, 2_000);
    for (long age = 0; age < 60 * MINUTE; age += 7 * MINUTE) {
      long w = plan.waitMillis(age);
      // The bin of the ends starts at 60 min: the wait lands at the latest in it.
      assertThat(age + w).as("age %d", age).isLessThanOrEqualTo(61 * MINUTE);
    }
  }

  @Test
  void pastTheLongestRunOfTheHistoryThereIsNothingToAimAt() {
    HazardPlan plan = HazardPlan.of(new long[] {MINUTE, 2 * MINUTE, 3 * MINUTE}, BUDGET, 2_000);
    assertThat(plan.waitMillis(3 * MINUTE)).isEqualTo(-1);
    assertThat(plan.waitMillis(2 * MINUTE)).isPositive();
  }

  @Test
  void anEmptyHistoryOrANonPositiveIntervalIsRejectedWithTheValues() {
    assertThatThrownBy(() -> HazardPlan.of(new long[0], BUDGET, 2_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 runs");
    assertThatThrownBy(() -> HazardPlan.of(new long[] {MINUTE}, 0, 2_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 and 2000 ms");
  }

  @Test
  void theSpendingCapHoldsTheWaitToTheBudgetOnceARunIsAheadOfTheBackoff() {
    // By 10 min the backoff at 45 s has made about 14 polls; 1.1 times that plus one is allowed.
    assertThat(AimRule.capSpending(5_000, 10, 10 * MINUTE, BUDGET)).isEqualTo(5_000);
    assertThat(AimRule.capSpending(5_000, 17, 10 * MINUTE, BUDGET)).isEqualTo(BUDGET);
    assertThat(AimRule.capSpending(90_000, 17, 10 * MINUTE, BUDGET)).isEqualTo(90_000);
  }
}
