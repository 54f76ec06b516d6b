package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Guards the guard: if BlockHound were not installed, every "non-blocking" test would be moot. */
class BlockHoundIsActiveTest {

  @Test
  void blockingOnAParallelThreadIsReported() {
    Throwable error = Mono.fromCallable(() -> {
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
          return "blocked";
        })
        .subscribeOn(Schedulers.parallel())
        .map(Object.class::cast)
        .onErrorResume(e -> Mono.just(e))
        .block(Duration.ofSeconds(10)) instanceof Throwable t ? t : null;

    assertThat(error).isNotNull();
    assertThat(error.getClass().getName()).contains("BlockingOperationError");
  }
}
