package dev.lropoller.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Issue 7 item 1, token side: a refresh that never answers is abandoned, not shared forever. */
class HungRefreshTest {
  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final AtomicInteger cancellations = new AtomicInteger();
  /** The n-th refresh (from 1) answers with what this holds for n, or never. */
  private final List<Sinks.One<AccessToken>> answers = new CopyOnWriteArrayList<>();

  private Mono<AccessToken> endpoint() {
    return Mono.defer(() -> {
      Sinks.One<AccessToken> answer = Sinks.one();
      answers.add(answer);
      subscriptions.incrementAndGet();
      return answer.asMono().doOnCancel(cancellations::incrementAndGet);
    });
  }

  private static void expectTimedOut(Throwable e, String within) {
    assertThat(e).isInstanceOf(TransportException.class)
        .hasMessageStartingWith("token refresh did not answer within " + within);
    assertThat(((TransportException) e).retryable()).isTrue();
    assertThat(((TransportException) e).isCredentialsFailure()).isFalse();
  }

  @Test
  void aHungRefreshFailsEveryWaiterAtTheRefreshTimeoutAndTheNextCallStartsANewOne() {
    CachingAccessTokenSource source = CachingAccessTokenSource.builder(endpoint()).clock(vts).build();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 3; i++) {
      source.token().subscribe(t -> { }, failures::add);
    }
    assertThat(subscriptions).hasValue(1);

    vts.advanceTimeBy(CachingAccessTokenSource.DEFAULT_REFRESH_TIMEOUT.minusMillis(1));
    assertThat(failures).isEmpty();
    vts.advanceTimeBy(Duration.ofMillis(1));
    assertThat(failures).hasSize(3);
    failures.forEach(e -> expectTimedOut(e, "PT10S"));
    assertThat(cancellations).as("the hung refresh is cancelled").hasValue(1);
    assertThat(source.toString()).contains("refreshing=false");

    // Within the failure backoff: the timeout is reported at once, no new refresh.
    Throwable fast = source.token().map(t -> (Throwable) null).onErrorResume(Mono::just).block();
    expectTimedOut(fast, "PT10S");
    assertThat(subscriptions).hasValue(1);

    // After the backoff a new refresh starts; this one answers.
    vts.advanceTimeBy(CachingAccessTokenSource.DEFAULT_FAILURE_BACKOFF);
    AtomicInteger got = new AtomicInteger();
    source.token().subscribe(t -> got.incrementAndGet());
    assertThat(subscriptions).hasValue(2);
    answers.get(1).tryEmitValue(AccessToken.of("fresh", Instant.ofEpochSecond(1_000_000)));
    assertThat(got).hasValue(1);
    assertThat(source.token().block().value()).isEqualTo("fresh");
  }

  @Test
  void aStaleTokenIsStillServedWhileItsBackgroundRefreshHangsAndThatRefreshIsAbandoned() {
    AtomicInteger n = new AtomicInteger();
    Mono<AccessToken> firstAnswersThenHang = Mono.defer(() -> n.incrementAndGet() == 1
        ? Mono.just(AccessToken.of("tok-1", Instant.ofEpochMilli(vts.now(java.util.concurrent.TimeUnit.MILLISECONDS))
            .plus(Duration.ofHours(1))))
        : endpoint());
    CachingAccessTokenSource source = CachingAccessTokenSource.builder(firstAnswersThenHang)
        .clock(vts).refreshTimeout(Duration.ofSeconds(2)).build();
    source.token().block();
    vts.advanceTimeBy(Duration.ofSeconds(56 * 60 + 30)); // stale, not expired

    assertThat(source.token().block().value()).isEqualTo("tok-1");
    assertThat(subscriptions).hasValue(1);
    vts.advanceTimeBy(Duration.ofSeconds(2));
    assertThat(cancellations).hasValue(1);
    // Still served; the next background refresh waits for the 1 s backoff.
    assertThat(source.token().block().value()).isEqualTo("tok-1");
    assertThat(subscriptions).hasValue(1);
    vts.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(source.token().block().value()).isEqualTo("tok-1");
    assertThat(subscriptions).hasValue(2);
  }

  @Test
  void theRefreshTimeoutIsConfigurableAndQuotedInTheMessage() {
    CachingAccessTokenSource source = CachingAccessTokenSource.builder(endpoint())
        .clock(vts).refreshTimeout(Duration.ofMillis(1500)).build();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    source.token().subscribe(t -> { }, failures::add);

    vts.advanceTimeBy(Duration.ofMillis(1499));
    assertThat(failures).isEmpty();
    vts.advanceTimeBy(Duration.ofMillis(1));
    assertThat(failures).singleElement().satisfies(e -> expectTimedOut(e, "PT1.5S"));
  }

  @Test
  void aWaiterThatCancelsDoesNotAbortTheRefreshOthersWaitFor() {
    CachingAccessTokenSource source = CachingAccessTokenSource.builder(endpoint()).clock(vts).build();
    AtomicInteger got = new AtomicInteger();
    source.token().subscribe(t -> got.incrementAndGet());
    source.token().subscribe().dispose();

    assertThat(cancellations).hasValue(0);
    answers.get(0).tryEmitValue(AccessToken.of("tok", null));
    assertThat(got).hasValue(1);
  }
}
