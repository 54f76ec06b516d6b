package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * 5,000 watches subscribed in the same instant, each done on its first GET: every one completes
 * on the default client, on a supplied {@code HttpClient.create()} (Reactor Netty's shared pool,
 * whose pending-acquire queue holds 1,000 at most) and over h2, because they wait in the engine's
 * queue ({@code maxInFlight}), not in the pool's.
 */
@Timeout(240)
class FiveThousandWatchesTest {
  private static final int WATCHES = 5_000;
  private static final Duration SAFETY = Duration.ofSeconds(200);

  private AutoMlEmulator emulator;
  private OperationPoller poller;

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private int watchAll(Function<GoogleOperationPoller.Builder, GoogleOperationPoller.Builder> options) {
    List<String> names = IntStream.range(0, WATCHES)
        .mapToObj(i -> emulator.startOperation(
            OperationScript.builder(AutoMlRpc.IMPORT_DATA).doneAfterPolls(1).build()))
        .toList();
    poller = options.apply(GoogleOperationPoller.builder()
            .endpoint(emulator.baseUri())
            .noCredentials()
            .policy(PollPolicy.fixed(Duration.ofMillis(10)).withTimeout(Duration.ofMinutes(3))))
        .build();
    AtomicInteger completed = new AtomicInteger();
    Mono.when(names.stream()
            .map(name -> poller.completion(name).doOnSuccess(v -> completed.incrementAndGet()))
            .toList())
        .block(SAFETY);
    return completed.get();
  }

  @Test
  void onTheDefaultClient() {
    emulator = AutoMlEmulator.builder().logCapacity(0).start();

    assertThat(watchAll(b -> b)).isEqualTo(WATCHES);
    assertThat(emulator.requestCount()).isEqualTo(WATCHES);
    assertThat(emulator.maxConcurrentRequests()).isLessThanOrEqualTo(OperationPoller.DEFAULT_MAX_IN_FLIGHT);
  }

  @Test
  void onASuppliedHttpClientCreate() {
    emulator = AutoMlEmulator.builder().logCapacity(0).start();

    assertThat(watchAll(b -> b.httpClient(HttpClient.create()))).isEqualTo(WATCHES);
    assertThat(emulator.requestCount()).isEqualTo(WATCHES);
  }

  @Test
  void overH2() {
    emulator = AutoMlEmulator.builder().logCapacity(0).tls(true).start();

    assertThat(watchAll(b -> b.trustManager(emulator.certificate()))).isEqualTo(WATCHES);
    assertThat(emulator.requestCount()).isEqualTo(WATCHES);
    assertThat(emulator.http2Requests()).isEqualTo(WATCHES);
    assertThat(emulator.connectionsAccepted())
        .isBetween(1L, (long) GoogleOperationPoller.DEFAULT_HTTP2_CONNECTIONS);
    assertThat(emulator.maxConcurrentRequests())
        .isLessThanOrEqualTo(GoogleOperationPoller.DEFAULT_HTTP2_MAX_IN_FLIGHT);
  }
}
