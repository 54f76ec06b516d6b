package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** A full connection pool is reported as local back-pressure, not as a failure. */
class PoolBackPressureTest {
  private static final String NAME = "projects/p/locations/us-central1/operations/1";
  private static final AccessToken TOKEN = AccessToken.of("t", Instant.now().plusSeconds(3600));

  @Test
  void aFullPendingAcquireQueueBecomesBackPressure() {
    ConnectionProvider pool = ConnectionProvider.builder("back-pressure-test")
        .maxConnections(1).pendingAcquireMaxCount(1).build();
    // The server never answers: the one connection stays busy, the one pending acquire waits.
    try (LoopbackServer server = LoopbackServer.start((r, res) -> Mono.never())) {
      ReactorNettyOperationsTransport transport = ReactorNettyOperationsTransport.create(
          HttpClient.create(pool), server.uri(),
          GoogleOperationPoller.DEFAULT_MAX_RESPONSE_BYTES, Duration.ofSeconds(5),
          Clock.systemUTC());
      Disposable busy = transport.getOperation(NAME, TOKEN).subscribe(b -> { }, e -> { });
      Disposable waiting = transport.getOperation(NAME, TOKEN).subscribe(b -> { }, e -> { });

      Throwable third = transport.getOperation(NAME, TOKEN)
          .then(Mono.<Throwable>error(new AssertionError("the third call was sent")))
          .onErrorResume(e -> e instanceof AssertionError ? Mono.error(e) : Mono.just(e))
          .block(Duration.ofSeconds(10));

      assertThat(third).isInstanceOf(TransportException.class);
      TransportException t = (TransportException) third;
      assertThat(t.isBackPressure()).isTrue();
      assertThat(t.retryable()).isTrue();
      assertThat(t.getMessage()).contains("PoolAcquirePendingLimitException");
      busy.dispose();
      waiting.dispose();
    } finally {
      pool.disposeLater().block(Duration.ofSeconds(10));
    }
  }
}
