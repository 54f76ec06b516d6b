package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 7, item 5: the re-send after a 401 is an attempt and counts against maxAttempts. */
class UnauthorizedAttemptTest {
  private final Fixture f = new Fixture();

  @Test
  void theResendIsCountedSoTwoAttemptsEndAfterTheSnapshotItBrought() {
    f.fake.script(Fixture.NAME).unauthorized().running(10).doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact().withMaxAttempts(2));

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofMinutes(5))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(PollTimeoutException.class)
              .hasMessageContaining("all 2 attempts used");
          assertThat(((PollTimeoutException) e).attempts()).isEqualTo(2);
        })
        .verify();
    assertThat(f.fake.count(Kind.GET)).isEqualTo(2);
  }

  @Test
  void withOneAttemptA401IsNotResent() {
    f.fake.script(Fixture.NAME).unauthorized().doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact().withMaxAttempts(1));

    f.verify(() -> poller.get(Fixture.NAME))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(PollTimeoutException.class)
              .hasMessageContaining("all 1 attempts used");
          assertThat(e.getCause()).hasMessageContaining("HTTP 401");
        })
        .verify();
    assertThat(f.fake.count(Kind.GET)).isEqualTo(1);
  }
}
