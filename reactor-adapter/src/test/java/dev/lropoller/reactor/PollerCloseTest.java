package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.model.ModelRef;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** close() releases the pool the builder made, and never one the user passed in. */
class PollerCloseTest {
  private static final Duration SAFETY = Duration.ofSeconds(20);
  private final AutoMlEmulator emulator = AutoMlEmulator.start();

  @AfterEach
  void stop() {
    emulator.close();
  }

  private String operation() {
    return emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .displayName("flowers_v1").doneAfterPolls(2).build());
  }

  @Test
  void closeDisposesThePoolTheBuilderMade() {
    AtomicReference<ConnectionProvider> built = new AtomicReference<>();
    OperationPoller poller = GoogleOperationPoller.builder()
        .endpoint(emulator.baseUri())
        .noCredentials()
        .policy(PollPolicy.fixed(Duration.ofMillis(10)))
        .poolFactory(() -> {
          ConnectionProvider p = GoogleOperationPoller.newConnectionProvider();
          built.set(p);
          return p;
        })
        .build();

    assertThat(poller.model(operation()).map(ModelRef::displayName).block(SAFETY))
        .isEqualTo("flowers_v1");
    ConnectionProvider pool = built.get();
    assertThat(pool.name()).startsWith("lro-poller-");
    assertThat(pool.isDisposed()).as("in use before close").isFalse();

    poller.close();

    assertThat(pool.isDisposed()).isTrue();
    assertThat(poller.isClosed()).isTrue();
  }

  @Test
  void closeLeavesTheUsersHttpClientAndItsPoolAlone() {
    ConnectionProvider users = ConnectionProvider.create("users-pool", 4);
    try {
      HttpClient client = HttpClient.create(users);
      OperationPoller poller = GoogleOperationPoller.builder()
          .endpoint(emulator.baseUri())
          .noCredentials()
          .policy(PollPolicy.fixed(Duration.ofMillis(10)))
          .httpClient(client)
          .poolFactory(() -> {
            throw new AssertionError("no pool of its own when the user gives an HttpClient");
          })
          .build();
      poller.model(operation()).block(SAFETY);

      poller.close();

      assertThat(users.isDisposed()).isFalse();
      // The user's client still works after our poller is gone.
      String status = client.get().uri(emulator.baseUri() + "/v1/" + operation())
          .responseSingle((res, body) -> body.asString().thenReturn(res.status().toString()))
          .block(SAFETY);
      assertThat(status).startsWith("200");
    } finally {
      users.disposeLater().block(SAFETY);
    }
  }
}
