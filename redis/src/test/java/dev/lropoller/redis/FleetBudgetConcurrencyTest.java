package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.redis.FleetAdmission.Granted;
import dev.lropoller.redis.FleetAdmission.Reason;
import dev.lropoller.redis.FleetAdmission.Refused;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Several replicas asking at once never get more slots than the limit, together. */
class FleetBudgetConcurrencyTest {

  private static final int REPLICAS = 4;
  private static final int REQUESTS_PER_REPLICA = 100;
  private static final int LIMIT = 150;
  private static final Duration BOUND = Duration.ofSeconds(30);

  private static RedisServerProcess redis;
  private static final List<Replica> replicas = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = RedisServerProcess.start();
    for (int i = 0; i < REPLICAS; i++) {
      replicas.add(Replica.connect(redis));
    }
  }

  @AfterAll
  static void stopRedis() {
    replicas.forEach(Replica::close);
    redis.close();
  }

  @Test
  void concurrentAcquiresFromSeveralConnectionsGrantExactlyTheLimit() {
    for (int round = 0; round < 3; round++) {
      String key = "concurrent-" + UUID.randomUUID();

      List<FleetAdmission> all = Flux.fromIterable(replicas)
          .flatMap(replica -> Flux.range(0, REQUESTS_PER_REPLICA)
              .flatMap(i -> replica.budget().acquire(key, LIMIT, BOUND), REQUESTS_PER_REPLICA))
          .collectList()
          .block(Duration.ofSeconds(30));

      List<String> granted = all.stream()
          .filter(Granted.class::isInstance).map(a -> ((Granted) a).slotId()).toList();
      List<Refused> refused = all.stream()
          .filter(Refused.class::isInstance).map(Refused.class::cast).toList();
      assertThat(all).hasSize(REPLICAS * REQUESTS_PER_REPLICA);
      assertThat(granted).hasSize(LIMIT).doesNotHaveDuplicates();
      assertThat(refused).hasSize(REPLICAS * REQUESTS_PER_REPLICA - LIMIT)
          .allSatisfy(r -> {
            assertThat(r.reason()).isEqualTo(Reason.FULL);
            // The earliest slot ends at its send + bound + 60 s: pending slots count their bound.
            assertThat(r.retryAfter()).isGreaterThan(RedisFleetBudget.WINDOW)
                .isLessThanOrEqualTo(BOUND.plus(RedisFleetBudget.WINDOW));
          });
      assertThat(replicas.get(0).redis()
          .zcard(RedisFleetBudget.DEFAULT_KEY_PREFIX + "{" + key + "}:slots").block())
          .isEqualTo((long) LIMIT);
    }
  }

  @Test
  void keysAreIndependent() {
    String busy = "busy-" + UUID.randomUUID();
    String quiet = "quiet-" + UUID.randomUUID();
    RedisFleetBudget budget = replicas.get(0).budget();
    budget.acquire(busy, 1, BOUND).block();

    assertThat(budget.acquire(busy, 1, BOUND).block()).isInstanceOf(Refused.class);
    assertThat(budget.acquire(quiet, 1, BOUND).block()).isInstanceOf(Granted.class);
    assertThat(budget.withKeyPrefix("other:").acquire(busy, 1, BOUND).block()).isInstanceOf(Granted.class);
  }
}
