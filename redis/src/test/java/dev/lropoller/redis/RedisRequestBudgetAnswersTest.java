package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.spi.BudgetDecision;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Answers travel with the next ask of their key, or on their own after the answer delay (virtual
 * time) or once 64 wait: each request costs one EVALSHA while its key is busy, and every answer
 * reaches Redis. On a real {@code redis-server}; round trips are the replica's completed commands,
 * and a command on the same connection after the step proves nothing else was sent before it.
 */
class RedisRequestBudgetAnswersTest {

  private static final Duration BOUND = Duration.ofMinutes(10);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private RedisServerProcess redis;
  private Replica replica;
  private VirtualTimeScheduler timer;
  private String prefix;
  private String key;

  @BeforeEach
  void connect() {
    redis = RedisServerProcess.start(); // one per test: a test stops and restarts it
    replica = Replica.connect(redis);
    timer = VirtualTimeScheduler.create();
    prefix = "answers:" + UUID.randomUUID() + ":";
    key = "project-" + UUID.randomUUID();
    replica.budget().acquire("warm-up", 1, BOUND).block(WAIT); // loads the script
  }

  @AfterEach
  void close() {
    timer.dispose();
    replica.close();
    redis.close();
  }

  private RedisRequestBudget port() {
    return RedisRequestBudget.of(replica.budget().withKeyPrefix(prefix)).withTimer(timer);
  }

  private static String slot(RedisRequestBudget port, String key) {
    BudgetDecision decision = port.acquire(key, 1000, BOUND).block(WAIT);
    assertThat(decision).isInstanceOf(BudgetDecision.Granted.class);
    return ((BudgetDecision.Granted) decision).slotId();
  }

  /** Milliseconds from Redis's clock now until the slot stops counting; -1 if it is gone. */
  private long countsForMillis(String slotId) {
    Double ends = replica.redis().zscore(prefix + "{" + key + "}:slots", slotId).block(WAIT);
    List<String> time = replica.redis().time().collectList().block(WAIT);
    long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    return ends == null ? -1 : ends.longValue() - now;
  }

  private long evalshas() {
    return replica.commands().snapshot().getOrDefault("EVALSHA", 0L);
  }

  @Test
  void answersTravelWithTheNextAskOfTheirKey() throws Exception {
    RedisRequestBudget port = port();
    String first = slot(port, key);
    String second = slot(port, key);
    CompletableFuture<Void> firstRecorded = port.answered(key, first).toFuture();
    CompletableFuture<Void> secondRecorded = port.answered(key, second).toFuture();
    assertThat(countsForMillis(first)).as("not sent yet: still pending")
        .isGreaterThan(BOUND.toMillis());
    replica.commands().reset();

    slot(port, key);

    assertThat(replica.commands().snapshot()).containsOnly(Map.entry("EVALSHA", 1L));
    firstRecorded.get(10, TimeUnit.SECONDS);
    secondRecorded.get(10, TimeUnit.SECONDS);
    assertThat(countsForMillis(first)).as("counts a minute from the ask that carried it")
        .isBetween(55_000L, 60_000L);
    assertThat(countsForMillis(second)).isBetween(55_000L, 60_000L);
    timer.advanceTimeBy(RedisRequestBudget.DEFAULT_ANSWER_DELAY.multipliedBy(2));
    slot(port, key);
    assertThat(evalshas()).as("the delay sent nothing more: the answers had left").isEqualTo(2);
  }

  @Test
  void anAnswerNoAskCarriesIsSentAfterTheDelay() throws Exception {
    RedisRequestBudget port = port();
    String slotId = slot(port, key);
    replica.commands().reset();
    CompletableFuture<Void> recorded = port.answered(key, slotId).toFuture();

    timer.advanceTimeBy(RedisRequestBudget.DEFAULT_ANSWER_DELAY.minusMillis(1));
    assertThat(countsForMillis(slotId)).as("before the delay").isGreaterThan(BOUND.toMillis());
    assertThat(recorded).isNotDone();
    timer.advanceTimeBy(Duration.ofMillis(1));

    recorded.get(10, TimeUnit.SECONDS);
    assertThat(countsForMillis(slotId)).isBetween(55_000L, 60_000L);
    assertThat(evalshas()).isEqualTo(1);
  }

  @Test
  void aBatchBornAfterTheKeysTimerWasArmedWaitsItsOwnFullDelay() throws Exception {
    RedisRequestBudget port = port();
    String first = slot(port, key);
    String second = slot(port, key);
    port.answered(key, first).toFuture(); // arms the key's timer, due at 250 ms
    timer.advanceTimeBy(Duration.ofMillis(100));
    slot(port, key); // carries the first answer
    timer.advanceTimeBy(Duration.ofMillis(100));
    CompletableFuture<Void> recorded = port.answered(key, second).toFuture(); // born at 200 ms

    timer.advanceTimeBy(Duration.ofMillis(249)); // 449 ms: the timer fired at 250 and re-armed
    assertThat(countsForMillis(second)).isGreaterThan(BOUND.toMillis());
    assertThat(recorded).isNotDone();
    timer.advanceTimeBy(Duration.ofMillis(1));

    recorded.get(10, TimeUnit.SECONDS);
    assertThat(countsForMillis(second)).isBetween(55_000L, 60_000L);
  }

  @Test
  void sixtyFourWaitingAnswersAreSentAtOnceInOneCall() throws Exception {
    RedisRequestBudget port = port();
    List<String> slots = new ArrayList<>();
    for (int i = 0; i < AnswerBatches.MAX_BATCH; i++) {
      slots.add(slot(port, key));
    }
    replica.commands().reset();
    List<CompletableFuture<Void>> recorded = new ArrayList<>();
    for (String slotId : slots) {
      recorded.add(port.answered(key, slotId).toFuture());
    }

    CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertThat(evalshas()).isEqualTo(1);
    for (String slotId : slots) {
      assertThat(countsForMillis(slotId)).isBetween(55_000L, 60_000L);
    }
  }

  @Test
  void answersCarriedByARefusedAskAreRecordedToo() throws Exception {
    RedisRequestBudget port = port();
    String slotId = slot(port, key);
    port.coolDown(key, Duration.ofMinutes(5)).block(WAIT);
    CompletableFuture<Void> recorded = port.answered(key, slotId).toFuture();

    assertThat(port.acquire(key, 1000, BOUND).block(WAIT)).isInstanceOf(BudgetDecision.Wait.class);

    recorded.get(10, TimeUnit.SECONDS);
    assertThat(countsForMillis(slotId)).isBetween(55_000L, 60_000L);
  }

  @Test
  void withoutDelayEachAnswerIsSentAtOnce() throws Exception {
    RedisRequestBudget port = port().withAnswerDelay(Duration.ZERO);
    String first = slot(port, key);
    String second = slot(port, key);
    replica.commands().reset();

    port.answered(key, first).block(WAIT);
    port.answered(key, second).block(WAIT);

    assertThat(evalshas()).isEqualTo(2);
    assertThat(countsForMillis(first)).isBetween(55_000L, 60_000L);
  }

  @Test
  void anAnswerWhoseCallFailsFailsItsMono() {
    try (Replica cutOff = Replica.connect(redis, Duration.ofMillis(500))) {
      RedisRequestBudget port = RedisRequestBudget.of(cutOff.budget().withKeyPrefix(prefix))
          .withTimer(timer);
      String slotId = slot(port, key);
      redis.stop();
      try {
        CompletableFuture<Void> recorded = port.answered(key, slotId).toFuture();
        timer.advanceTimeBy(RedisRequestBudget.DEFAULT_ANSWER_DELAY);

        assertThat(recorded).failsWithin(WAIT);
      } finally {
        redis.restart();
      }
    }
  }
}
