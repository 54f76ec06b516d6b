package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.OperationJson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Issue 7, item 7: close ends what is in flight and refuses what comes after. */
class CloseTest {
  private static final String PARENT = "projects/p/locations/us-central1";
  private static final String OTHER = PARENT + "/operations/OTHER";
  private final Fixture f = new Fixture();
  private final List<WatchOutcome> ended = new CopyOnWriteArrayList<>();
  private final OperationPoller poller = OperationPoller.builder(f.fake)
      .policy(Fixture.exact()).scheduler(f.timers)
      .listener(new PollListener() {
        @Override
        public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
          ended.add(outcome);
        }
      })
      .build();

  @Test
  void closeEndsEveryActiveWatchAndCallAtOnceAndNothingIsSentAfterIt() {
    f.fake.script(Fixture.NAME).running(1).running(2).doneEmpty();
    f.fake.script(OTHER).hang();
    f.fake.listPages(PARENT, List.of(List.of()));

    // A watch waiting for its next poll, a watch with a request in flight, a hung get.
    StepVerifier waiting = StepVerifier.create(poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PollerClosedException.class)
            .hasMessageContaining("the poller is closed").hasMessageContaining(Fixture.NAME))
        .verifyLater();
    StepVerifier inFlight = StepVerifier.create(poller.poll(OTHER))
        .expectError(PollerClosedException.class)
        .verifyLater();
    StepVerifier get = StepVerifier.create(poller.get(OTHER))
        .expectError(PollerClosedException.class)
        .verifyLater();
    // A watch that has had no demand yet: it is active too. (Its own policy, so it does not
    // join the shared loop of the first watch.)
    StepVerifier idle = StepVerifier.create(
            poller.poll(Fixture.NAME, PollPolicy.fixed(Duration.ofSeconds(7))), 0)
        .expectSubscription()
        .expectError(PollerClosedException.class)
        .verifyLater();
    assertThat(poller.engine().activeCount()).isEqualTo(4);
    long sentBefore = f.fake.calls().size();

    poller.close();

    waiting.verify(Duration.ofSeconds(5));
    inFlight.verify(Duration.ofSeconds(5));
    get.verify(Duration.ofSeconds(5));
    idle.verify(Duration.ofSeconds(5));
    assertThat(f.fake.cancelledInFlight()).isEqualTo(2);
    assertThat(poller.engine().activeCount()).isZero();
    assertThat(ended).containsExactlyInAnyOrder(
        WatchOutcome.CLOSED, WatchOutcome.CLOSED, WatchOutcome.CLOSED);
    f.vts.advanceTimeBy(Duration.ofHours(1));
    assertThat(f.fake.calls()).hasSize((int) sentBefore);
    assertThat(f.timers.pending()).isZero();
  }

  @Test
  void everyCallAfterCloseFailsOnSubscriptionWithoutSending() {
    f.fake.script(Fixture.NAME).doneEmpty();
    poller.close();

    StepVerifier.create(poller.poll(Fixture.NAME)).expectError(PollerClosedException.class)
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(poller.completion(Fixture.NAME)).expectError(PollerClosedException.class)
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(poller.get(Fixture.NAME)).expectError(PollerClosedException.class)
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(poller.cancel(Fixture.NAME)).expectError(PollerClosedException.class)
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(poller.delete(Fixture.NAME)).expectError(PollerClosedException.class)
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(poller.list(PARENT, "")).expectError(PollerClosedException.class)
        .verify(Duration.ofSeconds(5));
    assertThat(f.fake.calls()).isEmpty();
    assertThat(poller.engine().activeCount()).isZero();
    assertThat(ended).containsExactly(WatchOutcome.CLOSED, WatchOutcome.CLOSED);
  }

  @Test
  void aWatchRefusedByAClosedPollerIsReportedAsStartedAndThenEndedClosed() {
    ListenerTest.Recording recording = new ListenerTest.Recording();
    OperationPoller listened = OperationPoller.builder(f.fake).policy(Fixture.exact())
        .scheduler(f.timers).listener(recording).build();
    listened.close();

    StepVerifier.create(listened.poll(Fixture.NAME)).expectError(PollerClosedException.class)
        .verify(Duration.ofSeconds(5));

    // A listener that counts started minus ended watches must not go below zero.
    assertThat(recording.events).containsExactly(
        "watchStarted ICN3074819451447", "watchEnded ICN3074819451447 CLOSED after PT0S, 0 attempts");
    assertThat(f.fake.calls()).isEmpty();
  }

  @Test
  void aPollerClosedByTheListenerAsAWatchStartsEndsThatWatchWithoutSending() {
    OperationPoller[] self = new OperationPoller[1];
    ListenerTest.Recording recording = new ListenerTest.Recording();
    PollListener closing = new PollListener() {
      @Override
      public void watchStarted(String name) {
        recording.watchStarted(name);
        self[0].close();
      }

      @Override
      public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
        recording.watchEnded(name, outcome, elapsed, attempts);
      }
    };
    self[0] = OperationPoller.builder(f.fake).policy(Fixture.exact()).scheduler(f.timers)
        .listener(closing).build();
    f.fake.script(Fixture.NAME).doneEmpty();

    StepVerifier.create(self[0].poll(Fixture.NAME)).expectError(PollerClosedException.class)
        .verify(Duration.ofSeconds(5));

    assertThat(f.fake.calls()).as("nothing leaves after close").isEmpty();
    assertThat(recording.events).containsExactly("watchStarted ICN3074819451447",
        "watchEnded ICN3074819451447 CLOSED after PT0S, 0 attempts");
    assertThat(self[0].engine().activeCount()).isZero();
    assertThat(f.timers.pending()).isZero();
  }

  @Test
  void aWatchLeavesTheRegistryWhenItEndsHoweverItEnds() {
    f.fake.script(Fixture.NAME).running(1).doneEmpty();
    f.fake.script(OTHER).httpError(403);
    f.fake.listPages(PARENT, List.of(List.of(OperationJson.running(OTHER, 3))));

    f.verify(() -> poller.poll(Fixture.NAME)).thenAwait(Duration.ofSeconds(5))
        .expectNextCount(2).verifyComplete();
    f.verify(() -> poller.poll(OTHER)).expectError(ApiCallException.class).verify();
    f.verify(() -> poller.poll(Fixture.NAME)).thenCancel().verify();
    f.verify(() -> poller.get(Fixture.NAME)).expectNextCount(1).verifyComplete();
    f.verify(() -> poller.list(PARENT, "")).expectNextCount(1).verifyComplete();

    assertThat(poller.engine().activeCount()).isZero();
    assertThat(ended).containsExactly(
        WatchOutcome.DONE, WatchOutcome.ERROR, WatchOutcome.UNSUBSCRIBED);
    // The cancelled watch was cancelled before its first request: 2 + 1 + 0 + 1.
    assertThat(f.fake.count(Kind.GET)).isEqualTo(4);
  }
}
