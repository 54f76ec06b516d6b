package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.redis.FleetAdmission.Granted;
import dev.lropoller.redis.FleetAdmission.Refused;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Round trips per call, and a Redis that crashes and comes back empty: the budget starts fresh,
 * without errors, at the cost of one extra round trip to load the script again.
 */
class FleetBudgetRestartTest {

  private static final Duration BOUND = Duration.ofSeconds(10);

  private RedisServerProcess redis;
  private Replica replica;

  @BeforeEach
  void startRedis() {
    redis = RedisServerProcess.start();
    replica = Replica.connect(redis);
  }

  @AfterEach
  void stopRedis() {
    replica.close();
    redis.close();
  }

  @Test
  void oneRoundTripPerCallOnceTheServerHasTheScript() {
    RedisFleetBudget budget = replica.budget();
    String key = "round-trips-" + UUID.randomUUID();
    budget.acquire("warm-up", 1, BOUND).block();
    replica.commands().reset();
    long evalshaBefore = serverCalls("evalsha");
    int calls = 200;

    for (int i = 0; i < calls; i++) {
      FleetAdmission admission = budget.acquire(key, 100, BOUND).block();
      if (admission instanceof Granted granted) {
        budget.answered(key, granted.slotId()).block();
      }
    }

    Map<String, Long> sent = replica.commands().snapshot();
    System.out.println("Commands for " + calls + " acquires and 100 answers: " + sent);
    assertThat(sent).containsOnly(Map.entry("EVALSHA", calls + 100L));
    assertThat(serverCalls("evalsha") - evalshaBefore).isEqualTo(calls + 100L);
  }

  @Test
  void theFirstCallOnAServerWithoutTheScriptLoadsIt() {
    replica.budget().acquire("first", 1, BOUND).block();

    assertThat(replica.commands().snapshot())
        .containsEntry("EVALSHA", 1L) // NOSCRIPT
        .containsEntry("EVAL", 1L);
  }

  @Test
  void redisRestartedEmptyStartsTheBudgetFresh() {
    RedisFleetBudget budget = replica.budget();
    String key = "restart-" + UUID.randomUUID();
    Granted before = (Granted) budget.acquire(key, 1, BOUND).block();
    budget.coolDown(key, Duration.ofMinutes(5)).block();
    assertThat(budget.acquire(key, 1, BOUND).block()).isInstanceOf(Refused.class);

    redis.restart();
    replica.commands().reset();

    // Lettuce reconnects by itself; the calls wait for it and then succeed.
    assertThat(budget.acquire(key, 1, BOUND).block(Duration.ofSeconds(10))).isInstanceOf(Granted.class);
    assertThat(budget.answered(key, before.slotId()).block(Duration.ofSeconds(10))).isFalse();
    assertThat(budget.acquire(key, 1, BOUND).block(Duration.ofSeconds(10))).isInstanceOf(Refused.class);
    assertThat(replica.commands().snapshot())
        .containsEntry("EVAL", 1L) // loads the script again, once
        .containsEntry("EVALSHA", 3L); // the NOSCRIPT one and the two after it
  }

  /** Calls of a command the server counted, from {@code INFO commandstats}. */
  private long serverCalls(String command) {
    String stats = redis.query("INFO", "commandstats");
    for (String line : stats.split("\r\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        String calls = line.substring(("cmdstat_" + command + ":calls=").length());
        return Long.parseLong(calls.substring(0, calls.indexOf(',')));
      }
    }
    return 0;
  }
}
