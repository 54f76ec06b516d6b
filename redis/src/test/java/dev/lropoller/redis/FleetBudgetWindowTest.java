package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.redis.FleetAdmission.Granted;
import dev.lropoller.redis.FleetAdmission.Reason;
import dev.lropoller.redis.FleetAdmission.Refused;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How long a slot counts, on the server's clock: until a minute after its answer, or, for a
 * request whose replica died, until its pending bound and a minute after it. The tests reach the
 * minute boundaries with the test-only clock offset, without waiting; the real time that passes
 * between two calls (milliseconds) is why the expected waits are ranges.
 */
class FleetBudgetWindowTest {

  private static final Duration BOUND = Duration.ofSeconds(10);
  /**
   * More than the real time between two calls of one test can take, even on a loaded machine;
   * a refusal is checked at least this long before the slot ends.
   */
  private static final Duration SLACK = Duration.ofSeconds(3);

  private static RedisServerProcess redis;
  private static Replica replica;

  @BeforeAll
  static void startRedis() {
    redis = RedisServerProcess.start();
    replica = Replica.connect(redis);
  }

  @AfterAll
  static void stopRedis() {
    replica.close();
    redis.close();
  }

  private static String freshKey() {
    return "window-" + UUID.randomUUID();
  }

  private static RedisFleetBudget at(Duration offset) {
    return replica.budget().withClockOffset(offset);
  }

  private static FleetAdmission acquire(Duration offset, String key, int limit) {
    return at(offset).acquire(key, limit, BOUND).block(Duration.ofSeconds(10));
  }

  @Test
  void anAnsweredSlotFreesAMinuteAfterTheAnswer() {
    String key = freshKey();
    Granted slot = (Granted) acquire(Duration.ZERO, key, 1);

    assertThat(at(Duration.ofSeconds(5)).answered(key, slot.slotId()).block()).isTrue();

    FleetAdmission before = acquire(Duration.ofSeconds(60), key, 1);
    assertThat(before).isInstanceOfSatisfying(Refused.class, refused -> {
      assertThat(refused.reason()).isEqualTo(Reason.FULL);
      // The slot ends at answer + 60 s = 65 s: 5 s from 60 s, less the real time between.
      assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(5).minus(SLACK), Duration.ofSeconds(5));
    });
    assertThat(acquire(Duration.ofSeconds(65).plus(SLACK), key, 1)).isInstanceOf(Granted.class);
  }

  @Test
  void aPendingSlotCountsUntilItsBoundAndAMinuteAfter() {
    String key = freshKey();
    acquire(Duration.ZERO, key, 1); // its replica dies: never answered

    FleetAdmission afterAMinute = acquire(Duration.ofSeconds(61), key, 1);
    assertThat(afterAMinute).isInstanceOfSatisfying(Refused.class, refused ->
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(9).minus(SLACK), Duration.ofSeconds(9)));
    assertThat(acquire(Duration.ofSeconds(70).minus(SLACK), key, 1)).isInstanceOf(Refused.class);
    assertThat(acquire(Duration.ofSeconds(70).plus(SLACK), key, 1)).isInstanceOf(Granted.class);
  }

  @Test
  void aRefusalWaitsForTheEarliestSlotToFree() {
    String key = freshKey();
    Granted first = (Granted) acquire(Duration.ZERO, key, 2);
    Granted second = (Granted) acquire(Duration.ofSeconds(1), key, 2);
    at(Duration.ofSeconds(3)).answered(key, second.slotId()).block();
    at(Duration.ofSeconds(10)).answered(key, first.slotId()).block();

    // Ends: second at 63 s, first at 70 s.
    FleetAdmission refused = acquire(Duration.ofSeconds(20), key, 2);
    assertThat(refused).isInstanceOfSatisfying(Refused.class, r ->
        assertThat(r.retryAfter()).isBetween(Duration.ofSeconds(43).minus(SLACK), Duration.ofSeconds(43)));
    assertThat(acquire(Duration.ofSeconds(63).plus(SLACK), key, 2)).isInstanceOf(Granted.class);
    assertThat(acquire(Duration.ofSeconds(63).plus(SLACK), key, 2)).isInstanceOf(Refused.class);
  }

  @Test
  void aLateAnswerWhileTheSlotStillCountsMovesItsEndToAMinuteAfterTheAnswer() {
    String key = freshKey();
    Granted slot = (Granted) acquire(Duration.ZERO, key, 1);

    // After its 10 s bound, but before the bound's minute ran out: the request did reach the server.
    assertThat(at(Duration.ofSeconds(30)).answered(key, slot.slotId()).block()).isTrue();

    assertThat(acquire(Duration.ofSeconds(90).minus(SLACK), key, 1)).isInstanceOf(Refused.class);
    assertThat(acquire(Duration.ofSeconds(90).plus(SLACK), key, 1)).isInstanceOf(Granted.class);
  }

  @Test
  void aCallerWithALowerLimitWaitsUntilEnoughSlotsFree() {
    String key = freshKey();
    for (int second = 0; second < 3; second++) {
      Granted slot = (Granted) acquire(Duration.ofSeconds(second), key, 3);
      at(Duration.ofSeconds(second * 10L)).answered(key, slot.slotId()).block();
    }

    // Ends at 60 s, 70 s and 80 s; with a limit of 1 all three must end first.
    FleetAdmission refused = acquire(Duration.ofSeconds(30), key, 1);
    assertThat(refused).isInstanceOfSatisfying(Refused.class, r ->
        assertThat(r.retryAfter()).isBetween(Duration.ofSeconds(50).minus(SLACK), Duration.ofSeconds(50)));
    assertThat(acquire(Duration.ofSeconds(80).minus(SLACK), key, 1)).isInstanceOf(Refused.class);
    assertThat(acquire(Duration.ofSeconds(80).plus(SLACK), key, 1)).isInstanceOf(Granted.class);
  }

  @Test
  void anAnswerAfterTheSlotEndedDoesNotBringItBack() {
    String key = freshKey();
    Granted late = (Granted) acquire(Duration.ZERO, key, 1);
    // Past its bound and the minute after it, the slot went to another request.
    Granted next = (Granted) acquire(BOUND.plus(Duration.ofSeconds(61)), key, 1);

    assertThat(at(BOUND.plus(Duration.ofSeconds(62))).answered(key, late.slotId()).block()).isFalse();

    assertThat(replica.redis().zcard(RedisFleetBudget.DEFAULT_KEY_PREFIX + "{" + key + "}:slots").block())
        .isEqualTo(1L);
    assertThat(replica.redis().zscore(RedisFleetBudget.DEFAULT_KEY_PREFIX + "{" + key + "}:slots",
        next.slotId()).block()).isNotNull();
  }

  @Test
  void anUnknownSlotIsNotAnsweredAndNotCreated() {
    String key = freshKey();

    assertThat(replica.budget().answered(key, "12-1").block()).isFalse();

    assertThat(replica.redis().exists(RedisFleetBudget.DEFAULT_KEY_PREFIX + "{" + key + "}:slots").block())
        .isZero();
  }
}
