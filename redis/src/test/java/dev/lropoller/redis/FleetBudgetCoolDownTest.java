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

/** A 429 on one replica cools the key down for every replica, and a cool-down only extends. */
class FleetBudgetCoolDownTest {

  private static final Duration BOUND = Duration.ofSeconds(10);
  /** More than the real time between two calls of one test can take, even on a loaded machine. */
  private static final Duration SLACK = Duration.ofSeconds(3);

  private static RedisServerProcess redis;
  private static Replica gotThe429;
  private static Replica other;

  @BeforeAll
  static void startRedis() {
    redis = RedisServerProcess.start();
    gotThe429 = Replica.connect(redis);
    other = Replica.connect(redis);
  }

  @AfterAll
  static void stopRedis() {
    gotThe429.close();
    other.close();
    redis.close();
  }

  private static FleetAdmission otherAcquires(Duration offset, String key) {
    return other.budget().withClockOffset(offset).acquire(key, 100, BOUND).block();
  }

  @Test
  void aCoolDownIsSharedByEveryReplicaAndOnlyExtends() {
    String key = "cool-" + UUID.randomUUID();
    RedisFleetBudget budget = gotThe429.budget();

    assertThat(budget.coolDown(key, Duration.ofSeconds(30)).block()).isEqualTo(Duration.ofSeconds(30));

    assertThat(otherAcquires(Duration.ZERO, key)).isInstanceOfSatisfying(Refused.class, refused -> {
      assertThat(refused.reason()).isEqualTo(Reason.COOLING_DOWN);
      assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(30).minus(SLACK), Duration.ofSeconds(30));
    });

    // A shorter one changes nothing: the answer is what is left of the running one.
    assertThat(budget.coolDown(key, Duration.ofSeconds(10)).block())
        .isBetween(Duration.ofSeconds(30).minus(SLACK), Duration.ofSeconds(30));
    assertThat(otherAcquires(Duration.ofSeconds(20), key)).isInstanceOf(Refused.class);

    // A longer one extends it.
    assertThat(budget.coolDown(key, Duration.ofSeconds(40)).block()).isEqualTo(Duration.ofSeconds(40));
    assertThat(otherAcquires(Duration.ofSeconds(35), key)).isInstanceOfSatisfying(Refused.class,
        refused -> assertThat(refused.reason()).isEqualTo(Reason.COOLING_DOWN));
    assertThat(otherAcquires(Duration.ofSeconds(40).plus(SLACK), key)).isInstanceOf(Granted.class);
  }

  @Test
  void aCoolDownStaysOnItsKey() {
    String cooling = "cool-" + UUID.randomUUID();
    String other = "warm-" + UUID.randomUUID();
    gotThe429.budget().coolDown(cooling, Duration.ofMinutes(5)).block();

    assertThat(otherAcquires(Duration.ZERO, other)).isInstanceOf(Granted.class);
    assertThat(otherAcquires(Duration.ZERO, cooling)).isInstanceOf(Refused.class);
  }
}
