package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.redis.FleetAdmission.Granted;
import dev.lropoller.testing.redis.RedisServerProcess;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * What a key costs Redis: at most {@code limit} slot entries and a two-field hash, and nothing once
 * the key is idle. Expiry is asserted on the TTLs the script sets (Redis's own clock removes the
 * keys when they run out; the tests do not wait for it).
 */
class FleetBudgetMemoryTest {

  private static final Duration BOUND = Duration.ofSeconds(1);
  /** More than the real time between a call and the TTL check, even on a loaded machine. */
  private static final long TOLERANCE_MS = 3_000;

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

  private static String slots(String key) {
    return RedisFleetBudget.DEFAULT_KEY_PREFIX + "{" + key + "}:slots";
  }

  private static String meta(String key) {
    return RedisFleetBudget.DEFAULT_KEY_PREFIX + "{" + key + "}:meta";
  }

  @Test
  void entriesPerKeyStayWithinTheLimitMinuteAfterMinute() {
    String key = "memory-" + UUID.randomUUID();
    int limit = 200;
    RedisReactiveCommands<String, String> commands = replica.redis();
    List<Long> bytesPerMinute = new ArrayList<>();

    for (int minute = 0; minute < 10; minute++) {
      // Each simulated minute starts after every slot of the one before has ended.
      RedisFleetBudget budget =
          replica.budget().withClockOffset(BOUND.plusSeconds(61).multipliedBy(minute));
      List<FleetAdmission> admissions = Flux.range(0, limit + 100)
          .concatMap(i -> budget.acquire(key, limit, BOUND))
          .collectList().block();
      List<String> granted = admissions.stream()
          .filter(Granted.class::isInstance).map(a -> ((Granted) a).slotId()).toList();
      Flux.fromIterable(granted).concatMap(id -> budget.answered(key, id)).blockLast();

      assertThat(granted).hasSize(limit);
      assertThat(commands.zcard(slots(key)).block()).isEqualTo((long) limit);
      assertThat(commands.hlen(meta(key)).block()).isEqualTo(1L); // the slot counter only
      bytesPerMinute.add(bytes(slots(key)) + bytes(meta(key)));
    }

    System.out.println("Redis " + redis.version() + ": bytes of one key at limit " + limit
        + ", minute by minute: " + bytesPerMinute);
    long first = bytesPerMinute.get(0);
    assertThat(bytesPerMinute).allSatisfy(bytes -> assertThat(bytes).isBetween(first * 9 / 10, first * 11 / 10));
    assertThat(first).isLessThan(150L * limit);
  }

  /** {@code MEMORY USAGE} counting every element, not a sample. */
  private static long bytes(String key) {
    return Long.parseLong(redis.query("MEMORY", "USAGE", key, "SAMPLES", "0"));
  }

  @Test
  void keysExpireWhenTheirLastSlotEnds() {
    String key = "expiry-" + UUID.randomUUID();
    RedisFleetBudget budget = replica.budget();
    Granted slot = (Granted) budget.acquire(key, 5, Duration.ofSeconds(30)).block();

    // Pending: the bound and a minute after it.
    assertThat(replica.redis().pttl(slots(key)).block()).isBetween(90_000 - TOLERANCE_MS, 90_000L);
    assertThat(replica.redis().pttl(meta(key)).block()).isBetween(90_000 - TOLERANCE_MS, 90_000L);

    budget.answered(key, slot.slotId()).block();

    // Answered: a minute after the answer.
    assertThat(replica.redis().pttl(slots(key)).block()).isBetween(60_000 - TOLERANCE_MS, 60_000L);
    assertThat(replica.redis().pttl(meta(key)).block()).isBetween(60_000 - TOLERANCE_MS, 60_000L);
  }

  @Test
  void keysLiveAsLongAsTheirCoolDown() {
    String key = "expiry-cool-" + UUID.randomUUID();
    RedisFleetBudget budget = replica.budget();
    budget.acquire(key, 5, Duration.ofSeconds(30)).block();

    budget.coolDown(key, Duration.ofMinutes(5)).block();

    assertThat(replica.redis().pttl(slots(key)).block()).isBetween(300_000 - TOLERANCE_MS, 300_000L);
    assertThat(replica.redis().pttl(meta(key)).block()).isBetween(300_000 - TOLERANCE_MS, 300_000L);
  }

  @Test
  void aCoolDownAloneCostsOneSmallHashThatExpires() {
    String key = "cool-only-" + UUID.randomUUID();

    replica.budget().coolDown(key, Duration.ofSeconds(20)).block();

    assertThat(replica.redis().exists(slots(key)).block()).isZero();
    assertThat(replica.redis().hlen(meta(key)).block()).isEqualTo(1L);
    assertThat(replica.redis().pttl(meta(key)).block()).isBetween(20_000 - TOLERANCE_MS, 20_000L);
  }
}
