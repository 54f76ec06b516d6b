package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.OperationNotFoundException;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemandAndCancelTest {
  private final Fixture f = new Fixture();
  private final OperationPoller poller = f.poller(Fixture.exact());

  @Test
  void oneRequestSendsExactlyOnePollUntilMoreDemand() {
    f.fake.script(Fixture.NAME).running(1).running(2).doneEmpty();

    f.verify(() -> poller.poll(Fixture.NAME), 1)
        .expectNextCount(1)
        .thenAwait(Duration.ofHours(2))
        .then(() -> assertThat(f.getTimes()).containsExactly(Duration.ZERO))
        .thenRequest(1)
        .thenAwait(Duration.ofMillis(4_999))
        .then(() -> assertThat(f.getTimes()).containsExactly(Duration.ZERO))
        .thenAwait(Duration.ofMillis(1))
        .expectNextCount(1)
        .thenRequest(1)
        .thenAwait(Duration.ofSeconds(8))
        .expectNextCount(1)
        .verifyComplete();
    assertThat(f.getTimes()).containsExactly(Duration.ZERO, Duration.ofHours(2).plusSeconds(5),
        Duration.ofHours(2).plusMillis(12_500));
  }

  @Test
  void cancelStopsTheTimerAndNoRequestLeavesAfterIt() {
    f.fake.script(Fixture.NAME).running(1).running(2).doneEmpty();

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofSeconds(2))
        .thenCancel()
        .verify();
    f.vts.advanceTimeBy(Duration.ofHours(1));

    assertThat(f.fake.count(Kind.GET)).isEqualTo(1);
  }

  @Test
  void cancelAbortsTheRequestInFlight() {
    f.fake.script(Fixture.NAME).running(1).hang();

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofSeconds(6))
        .thenCancel()
        .verify();
    f.vts.advanceTimeBy(Duration.ofHours(1));

    assertThat(f.fake.count(Kind.GET)).isEqualTo(2);
    assertThat(f.fake.cancelledInFlight()).isEqualTo(1);
  }

  @Test
  void cancelAndDeleteAreSentOnceEach() {
    f.fake.script(Fixture.NAME).running(1);

    f.verify(() -> poller.cancel(Fixture.NAME)).verifyComplete();
    f.verify(() -> poller.delete(Fixture.NAME)).verifyComplete();
    f.verify(() -> poller.delete(Fixture.NAME))
        .expectError(OperationNotFoundException.class).verify();

    assertThat(f.fake.count(Kind.CANCEL)).isEqualTo(1);
    assertThat(f.fake.count(Kind.DELETE)).isEqualTo(2);
  }
}
