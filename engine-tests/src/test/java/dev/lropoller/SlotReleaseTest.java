package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.model.Operation;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Issue 19: under {@code maxInFlight(1)}, every way a call ends gives its in-flight slot back, so
 * the next call is sent at once; a slot that leaked would hold every later call forever.
 */
class SlotReleaseTest {
  private static final String A = "projects/p/locations/us-central1/operations/1";
  private static final String B = "projects/p/locations/us-central1/operations/2";
  private static final String C = "projects/q/locations/us-central1/operations/3";

  private final Fixture f = new Fixture();
  private final List<Object> seen = new ArrayList<>();

  private OperationPoller poller(PollPolicy policy) {
    return OperationPoller.builder(f.fake).policy(policy).scheduler(f.timers)
        .tokenSource(AccessTokenSource.none()).maxInFlight(1).build();
  }

  private Disposable get(OperationPoller poller, String name) {
    return poller.get(name).subscribe(seen::add, seen::add);
  }

  private long sent(String name) {
    return f.fake.calls().stream().filter(c -> c.kind() == Kind.GET && c.name().equals(name))
        .count();
  }

  /** The slot is free again: a new call is sent and answered without any time passing. */
  private void assertNextCallLeavesAtOnce(OperationPoller poller) {
    f.fake.script(C).doneEmpty();
    seen.clear();
    get(poller, C);
    f.vts.advanceTime();
    assertThat(sent(C)).as("the next call was sent at once").isEqualTo(1);
    assertThat(seen).singleElement().isInstanceOf(Operation.class);
  }

  @Test
  void aCancelledRequestGivesItsSlotBack() {
    f.fake.script(A).hang();
    OperationPoller poller = poller(Fixture.exact());
    Disposable a = get(poller, A);
    f.vts.advanceTime();
    assertThat(sent(A)).isEqualTo(1);

    a.dispose();

    assertNextCallLeavesAtOnce(poller);
  }

  @Test
  void aRequestThatTimesOutGivesItsSlotBack() {
    f.fake.script(A).hang();
    OperationPoller poller = poller(Fixture.exact().withTimeout(Duration.ofSeconds(10))
        .withRequestTimeout(Duration.ofSeconds(10)));
    get(poller, A);
    f.vts.advanceTimeBy(Duration.ofSeconds(10));
    assertThat(seen).singleElement().isInstanceOf(PollTimeoutException.class);

    assertNextCallLeavesAtOnce(poller);
  }

  @Test
  void aRequestThatFailsGivesItsSlotBack() {
    f.fake.script(A).httpError(400);
    OperationPoller poller = poller(Fixture.exact());
    get(poller, A);
    f.vts.advanceTime();
    assertThat(seen).singleElement().isInstanceOf(ApiCallException.class);

    assertNextCallLeavesAtOnce(poller);
  }

  @Test
  void aRetriedFailureGivesItsSlotBackDuringTheBackoff() {
    f.fake.script(A).httpError(503).hang();
    OperationPoller poller = poller(Fixture.exact());
    get(poller, A);
    f.vts.advanceTime();
    assertThat(sent(A)).isEqualTo(1);

    assertNextCallLeavesAtOnce(poller);
  }

  @Test
  void aWithdrawnQueuedCallNeverSendsAndTheQueueMovesOn() {
    f.fake.script(A).hang();
    f.fake.script(B).doneEmpty();
    OperationPoller poller = poller(Fixture.exact());
    Disposable a = get(poller, A);
    Disposable b = get(poller, B);
    f.vts.advanceTime();
    assertThat(sent(B)).as("B waits for the slot").isZero();

    b.dispose();
    a.dispose();

    assertNextCallLeavesAtOnce(poller);
    assertThat(sent(B)).as("a withdrawn call never sends").isZero();
  }

  @Test
  void aQueuedCallTimesOutWithoutSendingAndHoldsNoSlot() {
    f.fake.script(A).hang();
    f.fake.script(B).doneEmpty();
    OperationPoller poller = poller(Fixture.exact().withTimeout(Duration.ofSeconds(10)));
    PollPolicy patient = Fixture.exact().withRequestTimeout(Duration.ofHours(1));
    Disposable a = poller.poll(A, patient).subscribe(seen::add, seen::add);
    f.vts.advanceTime();
    get(poller, B);
    f.vts.advanceTimeBy(Duration.ofSeconds(10).minusNanos(1));
    assertThat(seen).isEmpty();

    f.vts.advanceTimeBy(Duration.ofNanos(1));

    assertThat(seen).singleElement().isInstanceOf(PollTimeoutException.class);
    assertThat(sent(B)).as("its budget ran out in the queue").isZero();
    a.dispose();
    assertNextCallLeavesAtOnce(poller);
  }

  @Test
  void aCallQueuedWhenThePollerClosesEndsWithoutSending() {
    f.fake.script(A).hang();
    f.fake.script(B).doneEmpty();
    OperationPoller poller = poller(Fixture.exact());
    get(poller, A);
    get(poller, B);
    f.vts.advanceTime();

    poller.close();
    f.vts.advanceTimeBy(Duration.ofMinutes(1));

    assertThat(seen).hasSize(2);
    assertThat(sent(B)).isZero();
  }
}
