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

  // --- mutants of the cache state machine ---

  @Test
  void aStaleTokenWithARefreshInFlightStartsNoSecondRefresh() {
    AtomicInteger subscriptions = new AtomicInteger();
    Sinks.One<AccessToken> second = Sinks.one();
    CachingAccessTokenSource source = source(Mono.defer(() ->
        subscriptions.incrementAndGet() == 1 ? issuer() : second.asMono()));
    assertThat(source.token().block().value()).isEqualTo("tok-1");
    // 3.5 minutes before expiry.
    vts.advanceTimeBy(Duration.ofSeconds(56 * 60 + 30));

    // Stale: served, and one background refresh starts and hangs.
    for (int i = 0; i < 5; i++) {
      assertThat(source.token().block().value()).isEqualTo("tok-1");
    }
    assertThat(subscriptions).hasValue(2);
    assertThat(source.refreshCount()).isEqualTo(2);
    assertThat(source.toString()).contains("refreshing=true");

    second.tryEmitValue(AccessToken.of("tok-2", Instant.ofEpochSecond(99_999)));
    assertThat(source.token().block().value()).isEqualTo("tok-2");
    assertThat(source.toString()).contains("refreshing=false");
  }

  @Test
  void theStaleMarginStartsExactlyAtItsBoundary() {
    CachingAccessTokenSource source = source(issuer());
    source.token().block();
    Duration toStale = Duration.ofHours(1).minus(CachingAccessTokenSource.DEFAULT_STALE_MARGIN);

    vts.advanceTimeBy(toStale.minusMillis(1));
    source.token().block();
    assertThat(refreshes).hasValue(1);
    vts.advanceTimeBy(Duration.ofMillis(1));
    assertThat(source.token().block().value()).as("still served while stale").isEqualTo("tok-1");
    assertThat(refreshes).hasValue(2);
  }

  @Test
  void theExpiredMarginStartsExactlyAtItsBoundary() {
    // Equal margins: no background window, so the expired boundary alone decides.
    CachingAccessTokenSource source = CachingAccessTokenSource.of(issuer(), vts,
        Duration.ofMinutes(3), Duration.ofMinutes(3));
    source.token().block();
    Duration toExpired = Duration.ofHours(1).minus(Duration.ofMinutes(3));

    vts.advanceTimeBy(toExpired.minusMillis(1));
    assertThat(source.token().block().value()).isEqualTo("tok-1");
    vts.advanceTimeBy(Duration.ofMillis(1));
    assertThat(source.token().block().value()).as("no longer served").isEqualTo("tok-2");
  }

  @Test
  void theFailureBackoffDoublesUpToItsCapAndResetsAfterASuccess() {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger failUntil = new AtomicInteger(9);
    CachingAccessTokenSource source = source(Mono.defer(() -> calls.incrementAndGet() <= failUntil.get()
        ? Mono.error(TransportException.transientFailure("down " + calls.get(), null))
        : issuer()));
    long[] expectedWaits = {1, 2, 4, 8, 16, 32, 60, 60};

    StepVerifier.create(source.token()).expectErrorMessage("down 1").verify();
    for (int i = 0; i < expectedWaits.length; i++) {
      Duration wait = Duration.ofSeconds(expectedWaits[i]);
      vts.advanceTimeBy(wait.minusMillis(1));
      StepVerifier.create(source.token()).expectErrorMessage("down " + (i + 1)).verify();
      assertThat(calls).as("no refresh before %s", wait).hasValue(i + 1);
      vts.advanceTimeBy(Duration.ofMillis(1));
      StepVerifier.create(source.token()).expectError().verify();
      assertThat(calls).as("a refresh at %s", wait).hasValue(i + 2);
    }
    vts.advanceTimeBy(Duration.ofSeconds(60));
    assertThat(source.token().block().value()).isEqualTo("tok-1");

    // After the success, the next failure waits 1 s again, not where the backoff left off.
    failUntil.set(Integer.MAX_VALUE);
    source.invalidate(source.token().block());
    StepVerifier.create(source.token()).expectError().verify();
    int afterFailure = calls.get();
    vts.advanceTimeBy(Duration.ofSeconds(1));
    StepVerifier.create(source.token()).expectError().verify();
    assertThat(calls).hasValue(afterFailure + 1);
  }

  @Test
  void backoffOfManyFailuresStaysAtTheCap() {
    assertThat(CachingAccessTokenSource.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(CachingAccessTokenSource.backoff(7)).isEqualTo(CachingAccessTokenSource.MAX_FAILURE_BACKOFF);
    assertThat(CachingAccessTokenSource.backoff(Integer.MAX_VALUE))
        .isEqualTo(CachingAccessTokenSource.MAX_FAILURE_BACKOFF);
  }

  @Test
  void invalidateDropsOnlyTheCurrentToken() {
    CachingAccessTokenSource source = source(issuer());
    source.invalidate(AccessToken.of("never-issued", null));
    source.invalidate(null);
    assertThat(refreshes).as("invalidating an empty cache refreshes nothing").hasValue(0);

    AccessToken held = source.token().block();
    source.invalidate(AccessToken.of("someone-else", null));
    assertThat(source.token().block()).isSameAs(held);
    assertThat(refreshes).hasValue(1);
    source.invalidate(AccessToken.of(held.value(), null));
    assertThat(source.token().block().value()).isEqualTo("tok-2");
  }

  @Test
  void aRefreshThatGivesNoTokenFailsClearly() {
    CachingAccessTokenSource source = source(Mono.empty());
    StepVerifier.create(source.token())
        .expectErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(IllegalStateException.class).hasMessage("token refresh gave no token"))
        .verify();
  }

  @Test
  void builderValidatesItsOptionsAndQuotesTheBadValue() {
    CachingAccessTokenSource.Builder b = CachingAccessTokenSource.builder(issuer());
    assertThatThrownBy(() -> b.refreshTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> b.refreshTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> b.margins(Duration.ofSeconds(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> b.margins(Duration.ofSeconds(5), Duration.ofSeconds(-2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-2S");
    assertThatThrownBy(() -> CachingAccessTokenSource.builder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.listener(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class);
    // Equal margins and a zero margin are allowed.
    assertThat(b.margins(Duration.ofMinutes(1), Duration.ofMinutes(1)).build()).isNotNull();
    assertThat(b.margins(Duration.ZERO, Duration.ZERO).build()).isNotNull();
  }

  @Test
  void theOneArgumentFactoryCachesWithTheDefaults() {
    AtomicInteger calls = new AtomicInteger();
    CachingAccessTokenSource source = CachingAccessTokenSource.of(Mono.fromSupplier(() ->
        AccessToken.of("tok-" + calls.incrementAndGet(), Instant.now().plus(Duration.ofHours(1)))));

    assertThat(source.token().block().value()).isEqualTo("tok-1");
    assertThat(source.token().block().value()).isEqualTo("tok-1");
    assertThat(source.refreshCount()).isEqualTo(1);
  }
}
