package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.internal.engine.PollingEngine;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.CachingAccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ManyWatchersTest {
  private final Fixture f = new Fixture();

  @Test
  void aThousandWatchersWithAnExpiredTokenCauseExactlyOneRefresh() {
    AtomicInteger refreshes = new AtomicInteger();
    CachingAccessTokenSource tokens = CachingAccessTokenSource.of(
        Mono.fromSupplier(() -> AccessToken.of("tok-" + refreshes.incrementAndGet(),
            Instant.ofEpochMilli(f.vts.now(TimeUnit.MILLISECONDS)).plus(Duration.ofHours(1)))),
        f.vts, CachingAccessTokenSource.DEFAULT_STALE_MARGIN,
        CachingAccessTokenSource.DEFAULT_EXPIRED_MARGIN);
    tokens.token().block();
    f.vts.advanceTimeBy(Duration.ofHours(2));
    String parent = "projects/p/locations/us-central1/operations/";
    for (int i = 0; i < 1000; i++) {
      f.fake.script(parent + i).running(50).doneEmpty();
    }
    OperationPoller poller = f.poller(Fixture.exact(), tokens);

    // 1,000 watches starting at once are a mass resume: their first polls spread over the first
    // interval (PollingEngine.firstDelay), so the second polls end by 10 s rather than 5 s.
    f.verify(() -> Flux.range(0, 1000).flatMap(i -> poller.completion(parent + i), 1000).count())
        .thenAwait(Duration.ofSeconds(10))
        .expectNext(0L)
        .verifyComplete();

    assertThat(refreshes).hasValue(2);
    assertThat(f.fake.calls()).hasSize(2000).extracting(RecordedCall::token).containsOnly("tok-2");
  }
}
