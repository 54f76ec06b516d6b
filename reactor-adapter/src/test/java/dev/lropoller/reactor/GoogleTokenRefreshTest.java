package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollListener;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.CachingAccessTokenSource;
import dev.lropoller.spi.TransportException;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Refresh timing with the real Google Auth Library: a hung endpoint, short-lived tokens, events. */
class GoogleTokenRefreshTest {
  private static final Duration SAFETY = Duration.ofSeconds(30);

  private TokenEndpoint endpoint;
  private LogCapture logs;
  private VirtualTimeScheduler clock;

  @BeforeEach
  void setUp() {
    logs = LogCapture.start();
    endpoint = new TokenEndpoint();
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(Instant.now());
  }

  @AfterEach
  void tearDown() {
    endpoint.close();
    clock.dispose();
    logs.close();
    assertThat(logs.text()).doesNotContain(TokenEndpoint.SECRET_PREFIX);
  }

  /** Google Auth computes expiry on the wall clock; answer so tokens live {@code seconds} of virtual time. */
  private void tokensLive(long seconds) {
    endpoint.expiresInSeconds =
        () -> seconds + (clock.now(TimeUnit.MILLISECONDS) - System.currentTimeMillis()) / 1000;
  }

  private CachingAccessTokenSource source(PollListener listener) {
    return GoogleAccessTokens.create(
        new GoogleAccessTokens.CredentialsHolder(endpoint.credentials()), clock, listener);
  }

  @Test
  void aHungTokenEndpointIsAbandonedAfterTheRefreshTimeoutAndTheNextRefreshSendsANewRequest() {
    endpoint.hang = true;
    CachingAccessTokenSource source = source(PollListener.NONE);
    Sinks.One<Throwable> failed = Sinks.one();
    source.token().subscribe(t -> { }, failed::tryEmitValue);
    endpoint.awaitRequest(1, SAFETY);

    clock.advanceTimeBy(CachingAccessTokenSource.DEFAULT_REFRESH_TIMEOUT);
    Throwable e = failed.asMono().block(SAFETY);
    assertThat(e).isInstanceOf(TransportException.class)
        .hasMessageStartingWith("token refresh did not answer within PT10S");
    assertThat(((TransportException) e).retryable()).isTrue();

    // Google Auth's refresh() would join its own hung refresh; ours must send a new request.
    endpoint.hang = false;
    clock.advanceTimeBy(CachingAccessTokenSource.DEFAULT_FAILURE_BACKOFF);
    AccessToken fresh = source.token().block(SAFETY);
    assertThat(fresh.value()).isEqualTo(TokenEndpoint.token(2));
    assertThat(endpoint.requests).hasValue(2);
  }

  @Test
  void anAbandonedRefreshThatFailsLaterLogsNothing() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    GoogleCredentials slowThenFailing = new GoogleCredentials() {
      @Override
      public com.google.auth.oauth2.AccessToken refreshAccessToken() throws IOException {
        if (calls.incrementAndGet() > 1) {
          return new com.google.auth.oauth2.AccessToken(TokenEndpoint.token(9), null);
        }
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          ended.countDown();
        }
        throw new IOException("late failure of the abandoned refresh");
      }
    };
    List<Throwable> dropped = new CopyOnWriteArrayList<>();
    Hooks.onErrorDropped(dropped::add);
    try {
      CachingAccessTokenSource source =
          GoogleAccessTokens.create(new GoogleAccessTokens.CredentialsHolder(slowThenFailing), clock);
      Sinks.One<Throwable> failed = Sinks.one();
      source.token().subscribe(t -> { }, failed::tryEmitValue);
      assertThat(started.await(SAFETY.toSeconds(), TimeUnit.SECONDS)).isTrue();
      clock.advanceTimeBy(CachingAccessTokenSource.DEFAULT_REFRESH_TIMEOUT);
      assertThat(failed.asMono().block(SAFETY)).hasMessageStartingWith("token refresh did not answer");

      release.countDown();
      assertThat(ended.await(SAFETY.toSeconds(), TimeUnit.SECONDS)).isTrue();
      clock.advanceTimeBy(CachingAccessTokenSource.DEFAULT_FAILURE_BACKOFF);
      assertThat(source.token().block(SAFETY).value()).isEqualTo(TokenEndpoint.token(9));
    } finally {
      Hooks.resetOnErrorDropped();
    }
    assertThat(dropped).isEmpty();
    assertThat(logs.text()).doesNotContain("late failure");
  }

  /**
   * Issue 7 item 10 with Google Auth: 120 s tokens under 20 callers a second. The refresh runs on
   * a real thread while the clock is virtual, so after each wave the test waits for a refresh it
   * started (heard through the listener) before moving the clock on; otherwise the clock would
   * race past the refresh timeout while the real request is on its way.
   */
  @Test
  void aTwoMinuteTokenIsRefreshedAboutOncePerMinuteNotPerWave() {
    tokensLive(120);
    Sinks.Many<Throwable> refreshes = Sinks.many().replay().all();
    CachingAccessTokenSource source = source(new PollListener() {
      @Override
      public void tokenRefreshed(Duration latency, Throwable failure) {
        synchronized (refreshes) {
          refreshes.tryEmitNext(failure == null ? new IllegalStateException("none") : failure);
        }
      }
    });
    int seconds = 300;

    for (int s = 0; s < seconds; s++) {
      List<String> wave = Flux.range(0, 20).flatMap(i -> source.token())
          .map(AccessToken::value).collectList().block(SAFETY);
      assertThat(wave).hasSize(20);
      refreshes.asFlux().take(source.refreshCount()).blockLast(SAFETY);
      clock.advanceTimeBy(Duration.ofSeconds(1));
    }

    assertThat(refreshes.asFlux().take(source.refreshCount()).map(Throwable::getMessage)
        .collectList().block(SAFETY)).containsOnly("none");
    assertThat(endpoint.requests.get()).as("token requests in %d s", seconds).isBetween(5, 6);
    assertThat(source.refreshCount()).isEqualTo(endpoint.requests.get());
  }

  @Test
  void eachRefreshIsReportedWithoutTheToken() {
    tokensLive(3600);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicInteger events = new AtomicInteger();
    List<Duration> latencies = new CopyOnWriteArrayList<>();
    PollListener listener = new PollListener() {
      @Override
      public void tokenRefreshed(Duration latency, Throwable failure) {
        events.incrementAndGet();
        latencies.add(latency);
        if (failure != null) {
          failures.add(failure);
        }
      }
    };
    CachingAccessTokenSource source = source(listener);

    AccessToken first = source.token().block(SAFETY);
    assertThat(events).hasValue(1);
    assertThat(failures).isEmpty();

    endpoint.status = 400;
    source.invalidate(first);
    source.token().onErrorResume(e -> Mono.empty()).block(SAFETY);
    assertThat(events).hasValue(2);
    assertThat(failures).singleElement().satisfies(f -> {
      assertThat(((TransportException) f).isCredentialsFailure()).isTrue();
      assertThat(f.getMessage()).doesNotContain(TokenEndpoint.SECRET_PREFIX);
    });
    // The clock is virtual and did not move: both refreshes took no virtual time.
    assertThat(latencies).containsExactly(Duration.ZERO, Duration.ZERO);
  }

  @Test
  void thePublicFactoryWithAListenerReportsRefreshes() {
    AtomicInteger events = new AtomicInteger();
    AccessTokenSource source = GoogleAccessTokens.fromCredentials(endpoint.credentials(),
        new PollListener() {
          @Override
          public void tokenRefreshed(Duration latency, Throwable failure) {
            if (failure == null && !latency.isNegative()) {
              events.incrementAndGet();
            }
          }
        });

    assertThat(source.token().block(SAFETY).value()).isEqualTo(TokenEndpoint.token(1));
    assertThat(source.token().block(SAFETY).value()).isEqualTo(TokenEndpoint.token(1));
    assertThat(events).hasValue(1);
  }
}
