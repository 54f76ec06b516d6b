package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Names outside the resource-id alphabet never reach the server. Before they were refused, a
 * name with full-width dots was written raw into the request line and the emulator answered
 * 400 with a URISyntaxException; {@code ;} and {@code @} were sent as they were.
 */
class HostileNamesAgainstEmulatorTest {
  private static final String PARENT = "projects/p/locations/us-central1";

  private final AutoMlEmulator emulator = AutoMlEmulator.start();
  private final OperationPoller poller = GoogleOperationPoller.builder()
      .endpoint(emulator.baseUri())
      .noCredentials()
      .policy(PollPolicy.fixed(Duration.ofMillis(10)))
      .build();

  @AfterEach
  void stop() {
    poller.close();
    emulator.close();
  }

  @Test
  void hostileNamesAreRefusedBeforeAnyRequestWhileGoodOnesAreSent() {
    String good = emulator.startOperation(AutoMlRpc.CREATE_MODEL);
    String operations = good.substring(0, good.lastIndexOf('/') + 1);
    List<String> hostile = List.of(
        operations + "x;y=1",
        operations + "x@evil.example",
        operations + "\uff0e\uff0e",
        operations + "\uff0e\uff0e/" + "x",
        operations + "1\r\nHost: evil.example",
        operations + "%2e%2e",
        good + "?alt=media",
        good + ":cancel");

    for (String name : hostile) {
      assertThatThrownBy(() -> poller.get(name)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> poller.poll(name)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> poller.cancel(name)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> poller.delete(name)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> poller.list(PARENT + ";x=1", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> poller.list("projects/p/locations/\uff0e\uff0e", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(emulator.requests()).isEmpty();

    // The control: the recorder sees a request that is sent.
    assertThat(poller.get(good).block(Duration.ofSeconds(10)).name()).isEqualTo(good);
    assertThat(emulator.requests()).hasSize(1);
  }
}
