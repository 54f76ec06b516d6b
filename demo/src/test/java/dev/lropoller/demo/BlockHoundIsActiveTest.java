package dev.lropoller.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The demo's tests run with BlockHound installed, as the library modules' tests do. */
class BlockHoundIsActiveTest {

  @Test
  void parkingOnATimerThreadFailsTheSequence() {
    // Mono.delay emits on Schedulers.parallel(), a non-blocking thread.
    Mono<Long> blocking = Mono.delay(Duration.ofMillis(1)).doOnNext(t -> LockSupport.parkNanos(1_000));

    StepVerifier.create(blocking)
        .expectErrorSatisfies(e -> assertThat(e.getClass().getName()).endsWith("BlockingOperationError"))
        .verify(Duration.ofSeconds(10));
  }
}
