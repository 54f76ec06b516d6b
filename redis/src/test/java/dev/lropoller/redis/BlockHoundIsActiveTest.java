package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * This module's tests run with BlockHound installed, and the budget's Monos complete on Lettuce's
 * event loop, where BlockHound fails any blocking call: so every budget test also proves that
 * nothing in the budget's reply path blocks.
 */
class BlockHoundIsActiveTest {

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
  void parkingOnATimerThreadFailsTheSequence() {
    Mono<Long> blocking = Mono.delay(Duration.ofMillis(1)).doOnNext(t -> LockSupport.parkNanos(1_000));

    StepVerifier.create(blocking)
        .expectErrorSatisfies(e -> assertThat(e.getClass().getName()).endsWith("BlockingOperationError"))
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void theBudgetsRepliesArriveOnAThreadWhereBlockingFails() {
    Mono<FleetAdmission> blocking = replica.budget()
        .acquire("blockhound", 5, Duration.ofSeconds(10))
        .doOnNext(admission -> LockSupport.parkNanos(1_000));

    StepVerifier.create(blocking)
        .expectErrorSatisfies(e -> assertThat(e.getClass().getName()).endsWith("BlockingOperationError"))
        .verify(Duration.ofSeconds(10));
  }
}
