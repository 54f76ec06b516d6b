package dev.lropoller.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Each refresh is reported to the listener with its latency and failure, never the token. */
class TokenRefreshListenerTest {
  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final List<Duration> latencies = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final PollListener recorder = new PollListener() {
    @Override
    public void tokenRefreshed(Duration latency, Throwable failure) {
      latencies.add(latency);
      failures.add(failure == null ? new NoFailure() : failure);
    }
  };

  /** Stands for {@code null} in the list. */
  private static final class NoFailure extends RuntimeException {}

  private Instant now() {
    return Instant.ofEpochMilli(vts.now(TimeUnit.MILLISECONDS));
  }

  @Test
  void successesFailuresAndTimeoutsAreReportedWithTheirLatency() {
    AtomicInteger calls = new AtomicInteger();
    Mono<AccessToken> endpoint = Mono.defer(() -> switch (calls.incrementAndGet()) {
      case 1 -> Mono.delay(Duration.ofMillis(300), vts)
          .map(x -> AccessToken.of("ya29.secret-1", now().plus(Duration.ofHours(1))));
      case 2 -> Mono.delay(Duration.ofMillis(50), vts)
          .then(Mono.error(TransportException.transientFailure("token endpoint said 503", null)));
      default -> Mono.never();
    });
    CachingAccessTokenSource source = CachingAccessTokenSource.builder(endpoint)
        .clock(vts).refreshTimeout(Duration.ofSeconds(4)).listener(recorder).build();

    source.token().subscribe();
    vts.advanceTimeBy(Duration.ofMillis(300));
    assertThat(latencies).containsExactly(Duration.ofMillis(300));
    assertThat(failures.get(0)).isInstanceOf(NoFailure.class);

    source.invalidate(source.token().block());
    source.token().subscribe(t -> { }, e -> { });
    vts.advanceTimeBy(Duration.ofMillis(50));
    assertThat(latencies).containsExactly(Duration.ofMillis(300), Duration.ofMillis(50));
    assertThat(failures.get(1)).hasMessage("token endpoint said 503");

    vts.advanceTimeBy(Duration.ofSeconds(1));
    source.token().subscribe(t -> { }, e -> { });
    vts.advanceTimeBy(Duration.ofSeconds(4));
    assertThat(latencies).containsExactly(
        Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofSeconds(4));
    assertThat(failures.get(2)).hasMessageStartingWith("token refresh did not answer within PT4S");

    assertThat(latencies).hasSize((int) source.refreshCount());
    for (Throwable f : failures) {
      assertThat(String.valueOf(f.getMessage())).doesNotContain("secret");
    }
  }

  @Test
  void aListenerThatThrowsChangesNothing() {
    AtomicInteger heard = new AtomicInteger();
    PollListener broken = new PollListener() {
      @Override
      public void tokenRefreshed(Duration latency, Throwable failure) {
        heard.incrementAndGet();
        throw new IllegalStateException("listener bug");
      }
    };
    CachingAccessTokenSource source = CachingAccessTokenSource.builder(
            Mono.fromSupplier(() -> AccessToken.of("tok", now().plus(Duration.ofHours(1)))))
        .clock(vts).listener(broken).build();

    assertThat(source.token().block().value()).isEqualTo("tok");
    assertThat(source.token().block().value()).isEqualTo("tok");
    assertThat(heard).hasValue(1);
    assertThat(source.toString()).contains("failuresInRow=0");
  }

  @Test
  void noListenerMeansNone() {
    CachingAccessTokenSource source = CachingAccessTokenSource.builder(
        Mono.fromSupplier(() -> AccessToken.of("tok", null))).clock(vts).build();
    assertThat(source.token().block().value()).isEqualTo("tok");
  }
}
