package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.redis.FleetAdmission.Granted;
import dev.lropoller.redis.FleetAdmission.Refused;
import dev.lropoller.testing.redis.RedisServerProcess;
import io.lettuce.core.api.reactive.RedisScriptingReactiveCommands;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Settings are copy-on-write, and bad input fails at once with a message quoting it. */
class RedisFleetBudgetSettingsTest {

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

  @Test
  void theKeyPrefixIsCopyOnWriteAndNamesTheKeys() {
    RedisFleetBudget budget = replica.budget();
    RedisFleetBudget prefixed = budget.withKeyPrefix("svc-a:");
    String key = "prefix-" + UUID.randomUUID() + "/us-central1";

    prefixed.acquire(key, 1, Duration.ofSeconds(5)).block();

    assertThat(budget.keyPrefix()).isEqualTo(RedisFleetBudget.DEFAULT_KEY_PREFIX).isEqualTo("lropoller:budget:");
    assertThat(prefixed.keyPrefix()).isEqualTo("svc-a:");
    assertThat(replica.redis().keys("svc-a:{" + key + "}:*").collectList().block())
        .containsExactlyInAnyOrder("svc-a:{" + key + "}:slots", "svc-a:{" + key + "}:meta");
    assertThat(prefixed.toString()).isEqualTo("RedisFleetBudget[keyPrefix=svc-a:]");
  }

  @Test
  void badInputIsQuoted() {
    RedisFleetBudget budget = replica.budget();
    Duration bound = Duration.ofSeconds(5);

    assertThatThrownBy(() -> budget.acquire("a{b}", 1, bound))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a{b}'");
    assertThatThrownBy(() -> budget.acquire("", 1, bound))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("''");
    assertThatThrownBy(() -> budget.acquire("p", 0, bound))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be at least 1: 0");
    assertThatThrownBy(() -> budget.acquire("p", 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pendingBound").hasMessageEndingWith(": PT0S");
    assertThatThrownBy(() -> budget.acquire("p", 1, Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": PT48H");
    assertThatThrownBy(() -> budget.coolDown("p", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration").hasMessageEndingWith(": PT-1S");
    assertThatThrownBy(() -> budget.answered("p", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("slotId must not be empty");
    assertThatThrownBy(() -> budget.withKeyPrefix("x{"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x{'");
    assertThatThrownBy(() -> budget.acquire(null, 1, bound)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void durationsRoundUpToMilliseconds() {
    String key = "rounding-" + UUID.randomUUID();
    RedisFleetBudget budget = replica.budget();
    budget.acquire(key, 1, Duration.ofNanos(1)).block();

    FleetAdmission refused = budget.acquire(key, 1, Duration.ofNanos(1)).block();

    // Bound 1 ms (not 0) plus the minute.
    assertThat(refused).isInstanceOfSatisfying(Refused.class, r ->
        assertThat(r.retryAfter()).isBetween(Duration.ofSeconds(55), Duration.ofMillis(60_001)));
    assertThat(budget.coolDown(key, Duration.ofNanos(1_500_000)).block()).isEqualTo(Duration.ofMillis(2));
  }

  @Test
  void theAnswerDelayIsCopyOnWriteAndBadDelaysAreQuoted() {
    RedisRequestBudget port = RedisRequestBudget.of(replica.budget());
    RedisRequestBudget quick = port.withAnswerDelay(Duration.ofMillis(20));

    assertThat(port.answerDelay()).isEqualTo(RedisRequestBudget.DEFAULT_ANSWER_DELAY)
        .isEqualTo(Duration.ofMillis(250));
    assertThat(quick.answerDelay()).isEqualTo(Duration.ofMillis(20));
    assertThat(quick.toString())
        .isEqualTo("RedisRequestBudget[RedisFleetBudget[keyPrefix=lropoller:budget:], answerDelay=PT0.02S]");
    assertThat(port.withAnswerDelay(RedisRequestBudget.MAX_ANSWER_DELAY).answerDelay())
        .isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> port.withAnswerDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": PT-0.001S");
    assertThatThrownBy(() -> port.withAnswerDelay(Duration.ofSeconds(11)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": PT11S");
    assertThatThrownBy(() -> port.withAnswerDelay(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aLettuceConnectionsCommandsGoAsyncOthersStayReactiveAndBothWork() {
    RedisScriptingReactiveCommands<String, String> lettuce = replica.redis();
    @SuppressWarnings("unchecked")
    RedisScriptingReactiveCommands<String, String> wrapped =
        (RedisScriptingReactiveCommands<String, String>) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {RedisScriptingReactiveCommands.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(lettuce, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
    String key = "paths-" + UUID.randomUUID();

    assertThat(FleetScripts.of(lettuce).usesAsync()).isTrue();
    assertThat(FleetScripts.of(wrapped).usesAsync()).isFalse();
    redis.query("SCRIPT", "FLUSH");
    FleetAdmission reactive = RedisFleetBudget.of(wrapped).acquire(key, 2, Duration.ofSeconds(5))
        .block(Duration.ofSeconds(10));
    redis.query("SCRIPT", "FLUSH");
    FleetAdmission async = RedisFleetBudget.of(lettuce).acquire(key, 2, Duration.ofSeconds(5))
        .block(Duration.ofSeconds(10));
    FleetAdmission full = RedisFleetBudget.of(wrapped).acquire(key, 2, Duration.ofSeconds(5))
        .block(Duration.ofSeconds(10));

    assertThat(reactive).as("reactive, after NOSCRIPT").isInstanceOf(Granted.class);
    assertThat(async).as("async, after NOSCRIPT").isInstanceOf(Granted.class);
    assertThat(full).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.reason()).isEqualTo(FleetAdmission.Reason.FULL));
  }
}
