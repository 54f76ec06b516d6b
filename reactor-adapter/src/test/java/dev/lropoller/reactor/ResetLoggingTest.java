package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.model.ModelRef;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.Fault;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Retried connection resets put no stack trace into the user's log. Reactor Netty still logs one
 * WARN line per reset that ends a request before its response (HttpClientConnect's observer logs
 * every such error, and no hook runs before it), but without frames: on the NIO transport
 * (macOS, Windows, or no native transport) that line used to carry a 20-frame trace.
 */
class ResetLoggingTest {
  private static final int RESETS = 5;

  @ParameterizedTest(name = "native transport: {0}")
  @ValueSource(booleans = {false, true})
  void resetsThatAreRetriedLogNoStackTrace(boolean preferNative) {
    LoopResources loops = LoopResources.create("reset-test", 1, true);
    ConnectionProvider pool = ConnectionProvider.create("reset-test", 4);
    try (AutoMlEmulator emulator = AutoMlEmulator.start()) {
      OperationPoller poller = GoogleOperationPoller.builder()
          .endpoint(emulator.baseUri())
          .noCredentials()
          .policy(PollPolicy.fixed(Duration.ofMillis(10)))
          .httpClient(HttpClient.create(pool).runOn(loops, preferNative))
          .build();
      String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
          .displayName("flowers_v1").doneAfterPolls(2).build());
      emulator.faults().next(RESETS, Fault.connectionReset());

      try (LogCapture logs = LogCapture.start()) {
        String model = poller.model(name).map(ModelRef::displayName).block(Duration.ofSeconds(20));

        assertThat(model).isEqualTo("flowers_v1");
        assertThat(emulator.faultsInjected()).isEqualTo(RESETS);
        assertThat(logs.withStackTrace(Level.WARNING)).as(String.join("\n", logs.atOrAbove(Level.WARNING)))
            .isEmpty();
        // What remains: at most Reactor Netty's one line per reset, naming the reset.
        assertThat(logs.atOrAbove(Level.WARNING)).hasSizeLessThanOrEqualTo(RESETS)
            .allSatisfy(line -> assertThat(line).contains("Connection reset"));
      }
    } finally {
      pool.disposeLater().block(Duration.ofSeconds(5));
      loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    }
  }
}
