package dev.lropoller.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Issue 7 item 10: the margins shrink with the token's lifetime. */
class ShortLivedTokenTest {
  private static final int WAVES = 600;
  private static final int CALLERS_PER_WAVE = 20;
  private static final Duration REFRESH_LATENCY = Duration.ofMillis(200);

  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final AtomicInteger issued = new AtomicInteger();

  private Instant now() {
    return Instant.ofEpochMilli(vts.now(TimeUnit.MILLISECONDS));
  }

  /** A token endpoint that answers after {@link #REFRESH_LATENCY} with a token of {@code lifetime}. */
  private Mono<AccessToken> issuer(Duration lifetime) {
    return Mono.delay(REFRESH_LATENCY, vts)
        .map(x -> AccessToken.of("tok-" + issued.incrementAndGet(), now().plus(lifetime)));
  }

  /**
   * A wave of {@link #CALLERS_PER_WAVE} requests every second for {@link #WAVES} seconds, as 20
   * watches polling at once. Counts refreshes, and checks that every caller got a token that had
   * not expired and that after the first wave nobody waited.
   */
  @ParameterizedTest(name = "{0} s token: about one refresh per {1} s")
  @CsvSource({"60, 30", "120, 60"})
  void aShortLivedTokenIsRefreshedAboutOncePerHalfLifetimeNotPerWave(long lifetimeSeconds, long halfLife) {
    CachingAccessTokenSource source =
        CachingAccessTokenSource.builder(issuer(Duration.ofSeconds(lifetimeSeconds))).clock(vts).build();
    AtomicInteger served = new AtomicInteger();
    AtomicInteger expiredServed = new AtomicInteger();

    for (int wave = 0; wave < WAVES; wave++) {
      Instant asked = now();
      int before = served.get();
      for (int i = 0; i < CALLERS_PER_WAVE; i++) {
        source.token().subscribe(t -> {
          served.incrementAndGet();
          if (!t.expiresAt().orElseThrow().isAfter(now())) {
            expiredServed.incrementAndGet();
          }
        });
      }
      if (wave > 0) {
        assertThat(served.get() - before)
            .as("wave at %s was served from the cache without waiting", asked)
            .isEqualTo(CALLERS_PER_WAVE);
      }
      vts.advanceTimeBy(Duration.ofSeconds(1));
    }

    assertThat(served).hasValue(WAVES * CALLERS_PER_WAVE);
    assertThat(expiredServed).hasValue(0);
    long expected = WAVES / halfLife;
    assertThat(source.refreshCount())
        .as("refreshes in %d s of %d-second tokens", WAVES, lifetimeSeconds)
        .isBetween(expected - 1, expected + 1);
    assertThat(issued.get()).isEqualTo((int) source.refreshCount());
  }

  @Test
  void aLongLivedTokenKeepsTheMarginsAsGiven() {
    CachingAccessTokenSource source =
        CachingAccessTokenSource.builder(issuer(Duration.ofHours(1))).clock(vts).build();
    source.token().subscribe();
    vts.advanceTimeBy(REFRESH_LATENCY);
    // 3 min 46 s before expiry: not yet stale.
    vts.advanceTimeBy(Duration.ofHours(1).minus(Duration.ofSeconds(226)));
    source.token().subscribe();
    assertThat(source.refreshCount()).isEqualTo(1);
    // 3 min 45 s before expiry: stale, the background refresh starts.
    vts.advanceTimeBy(Duration.ofSeconds(1));
    source.token().subscribe();
    assertThat(source.refreshCount()).isEqualTo(2);
  }

  @Test
  void theMarginIsCappedAtItsShareOfTheLifetime() {
    Duration stale = CachingAccessTokenSource.DEFAULT_STALE_MARGIN;
    Duration expired = CachingAccessTokenSource.DEFAULT_EXPIRED_MARGIN;
    assertThat(CachingAccessTokenSource.scaled(stale, Duration.ofSeconds(120), 1, 2))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(CachingAccessTokenSource.scaled(expired, Duration.ofSeconds(120), 2, 5))
        .isEqualTo(Duration.ofSeconds(48));
    assertThat(CachingAccessTokenSource.scaled(stale, Duration.ofSeconds(60), 1, 2))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(CachingAccessTokenSource.scaled(stale, Duration.ofSeconds(451), 1, 2)).isEqualTo(stale);
    assertThat(CachingAccessTokenSource.scaled(stale, Duration.ofSeconds(449), 1, 2))
        .isEqualTo(Duration.ofMillis(224_500));
    assertThat(CachingAccessTokenSource.scaled(stale, Duration.ofHours(1), 1, 2)).isEqualTo(stale);
    assertThat(CachingAccessTokenSource.scaled(stale, null, 1, 2)).isEqualTo(stale);
    assertThat(CachingAccessTokenSource.scaled(stale, Duration.ZERO, 1, 2)).isEqualTo(Duration.ZERO);
    assertThat(CachingAccessTokenSource.scaled(stale, Duration.ofSeconds(-5), 1, 2)).isEqualTo(Duration.ZERO);
  }

  @Test
  void aTokenThatArrivesExpiredIsHandedToItsWaitersButNotCached() {
    CachingAccessTokenSource source =
        CachingAccessTokenSource.builder(issuer(Duration.ofSeconds(-1))).clock(vts).build();
    AtomicInteger got = new AtomicInteger();
    source.token().subscribe(t -> got.incrementAndGet());
    vts.advanceTimeBy(REFRESH_LATENCY);
    assertThat(got).hasValue(1);
    source.token().subscribe(t -> got.incrementAndGet());
    assertThat(source.refreshCount()).isEqualTo(2);
  }
}
