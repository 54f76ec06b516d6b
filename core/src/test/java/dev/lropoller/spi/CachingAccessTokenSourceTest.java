package dev.lropoller.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class CachingAccessTokenSourceTest {
  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final AtomicInteger refreshes = new AtomicInteger();

  /** Tokens valid for one hour from the (virtual) time they are issued. */
  private Mono<AccessToken> issuer() {
    return Mono.fromSupplier(() -> AccessToken.of("tok-" + refreshes.incrementAndGet(),
        Instant.ofEpochMilli(vts.now(java.util.concurrent.TimeUnit.MILLISECONDS))
            .plus(Duration.ofHours(1))));
  }

  private CachingAccessTokenSource source(Mono<AccessToken> refresh) {
    return CachingAccessTokenSource.of(refresh, vts, CachingAccessTokenSource.DEFAULT_STALE_MARGIN,
        CachingAccessTokenSource.DEFAULT_EXPIRED_MARGIN);
  }

  @Test
  void thousandConcurrentCallersOnAnEmptyCacheShareOneRefresh() {
    Sinks.One<AccessToken> gate = Sinks.one();
    CachingAccessTokenSource source = source(Mono.defer(() -> {
      refreshes.incrementAndGet();
      return gate.asMono();
    }));

    Flux<AccessToken> all = Flux.range(0, 1000)
        .flatMap(i -> source.token().subscribeOn(Schedulers.parallel()), 1000);
    StepVerifier.create(all.map(AccessToken::value).distinct())
        .then(() -> gate.tryEmitValue(AccessToken.of("shared", Instant.ofEpochSecond(7200))))
        .expectNext("shared")
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertThat(refreshes).hasValue(1);
    assertThat(source.refreshCount()).isEqualTo(1);
  }

  @Test
  void aThousandWatchersHoldingAnExpiredTokenCauseOneRefresh() {
    CachingAccessTokenSource source = source(issuer());
    assertThat(source.token().block().value()).isEqualTo("tok-1");
    vts.advanceTimeBy(Duration.ofHours(1));

    List<String> values = Flux.range(0, 1000).flatMap(i -> source.token())
        .map(AccessToken::value).distinct().collectList().block();
    assertThat(values).containsExactly("tok-2");
    assertThat(refreshes).hasValue(2);
  }

  @Test
  void aStaleTokenIsServedWhileOneRefreshRunsAhead() {
    CachingAccessTokenSource source = source(issuer());
    source.token().block();
    // 4 minutes before expiry: outside the 3 min 45 s stale margin, so served as it is.
    vts.advanceTimeBy(Duration.ofMinutes(56));
    assertThat(source.token().block().value()).isEqualTo("tok-1");
    assertThat(refreshes).hasValue(1);
    // 3.5 minutes before expiry: stale but not expired: the old token is served, one refresh runs.
    vts.advanceTimeBy(Duration.ofSeconds(30));
    assertThat(source.token().block().value()).isEqualTo("tok-1");
    assertThat(refreshes).hasValue(2);
    assertThat(source.token().block().value()).isEqualTo("tok-2");
    assertThat(refreshes).hasValue(2);
  }

  @Test
  void invalidateFromManyHoldersOfTheSameTokenRefreshesOnce() {
    CachingAccessTokenSource source = source(issuer());
    AccessToken held = source.token().block();

    for (int i = 0; i < 500; i++) {
      source.invalidate(held);
    }
    assertThat(source.token().block().value()).isEqualTo("tok-2");
    // Late holders of tok-1 must not throw away tok-2.
    source.invalidate(held);
    assertThat(source.token().block().value()).isEqualTo("tok-2");
    assertThat(refreshes).hasValue(2);
  }

  @Test
  void failedRefreshesBackOffAndThenRecover() {
    AtomicInteger calls = new AtomicInteger();
    CachingAccessTokenSource source = source(Mono.defer(() -> calls.incrementAndGet() <= 2
        ? Mono.error(TransportException.transientFailure("token endpoint unavailable", null))
        : issuer()));

    StepVerifier.create(source.token()).expectErrorMessage("token endpoint unavailable").verify();
    // Within the 1 s backoff: fail fast with the same cause, no new refresh.
    StepVerifier.create(source.token()).expectErrorMessage("token endpoint unavailable").verify();
    assertThat(calls).hasValue(1);

    vts.advanceTimeBy(Duration.ofSeconds(1));
    StepVerifier.create(source.token()).expectError().verify();
    assertThat(calls).hasValue(2);
    // Second failure doubles the wait to 2 s.
    vts.advanceTimeBy(Duration.ofSeconds(1));
    StepVerifier.create(source.token()).expectError().verify();
    assertThat(calls).hasValue(2);
    vts.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(source.token().block().value()).isEqualTo("tok-1");
  }

  @Test
  void toStringNeverShowsTheTokenValue() {
    CachingAccessTokenSource source = source(issuer());
    AccessToken token = source.token().block();

    assertThat(token.toString()).doesNotContain("tok-1").contains("redacted");
    assertThat(source.toString()).doesNotContain("tok-1");
  }

  @Test
  void marginsAreValidated() {
    assertThatThrownBy(() -> CachingAccessTokenSource.of(issuer(), vts, Duration.ofMinutes(1),
        Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT2M").hasMessageContaining("PT1M");
    assertThatThrownBy(() -> AccessToken.of("", null)).hasMessageContaining("empty");
  }
}
