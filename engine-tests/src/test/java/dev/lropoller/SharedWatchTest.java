package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.OperationNotFoundException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.model.Operation;
import dev.lropoller.model.ResponseType;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/** Concurrent subscribers of one name share one polling loop. */
class SharedWatchTest {
  private static final Duration FIVE = Duration.ofSeconds(5);
  private final Fixture f = new Fixture();

  private OperationPoller fixedPoller() {
    return f.poller(PollPolicy.fixed(FIVE).withJitter(0.0));
  }

  private static int progress(Operation op) {
    return op.metadata().progressPercent().orElse(-1);
  }

  @Test
  void fiftySubscribersOfOneNameCauseOneRequestPerInterval() {
    f.fake.script(Fixture.NAME).running(10).running(20).running(30).running(40).doneEmpty();
    OperationPoller poller = fixedPoller();

    f.verify(() -> Flux.range(0, 50)
            .flatMap(i -> poller.poll(Fixture.NAME).map(SharedWatchTest::progress).collectList(), 50)
            .collectList())
        .thenAwait(Duration.ofMinutes(1))
        .assertNext(lists -> {
          assertThat(lists).hasSize(50);
          assertThat(lists).allSatisfy(l -> assertThat(l).containsExactly(10, 20, 30, 40, 100));
        })
        .verifyComplete();

    // Five snapshots, five requests, one per interval: not 250.
    assertThat(f.getTimes()).containsExactly(Duration.ZERO, FIVE, FIVE.multipliedBy(2),
        FIVE.multipliedBy(3), FIVE.multipliedBy(4));
    assertThat(poller.engine().loopCount()).isZero();
  }

  @Test
  void aLateSubscriberSeesTheLatestSnapshotAtOnceThenTheLiveStream() {
    f.fake.script(Fixture.NAME).running(10).running(20).running(30).doneEmpty();
    OperationPoller poller = fixedPoller();
    List<Integer> early = new CopyOnWriteArrayList<>();
    Disposable first = poller.poll(Fixture.NAME).subscribe(op -> early.add(progress(op)));
    f.vts.advanceTimeBy(Duration.ofSeconds(6));
    assertThat(early).containsExactly(10, 20);

    f.verify(() -> poller.poll(Fixture.NAME).map(SharedWatchTest::progress))
        .expectNext(20) // at once, with no request of its own
        .then(() -> assertThat(f.fake.count(Kind.GET)).isEqualTo(2))
        .thenAwait(FIVE)
        .expectNext(30)
        .thenAwait(FIVE)
        .expectNext(100)
        .verifyComplete();
    assertThat(early).containsExactly(10, 20, 30, 100);
    assertThat(f.fake.count(Kind.GET)).isEqualTo(4);
    first.dispose();
  }

  @Test
  void theLastCancelStopsRequestsAndOnlyTheLast() {
    f.fake.script(Fixture.NAME).running(10);
    OperationPoller poller = fixedPoller();
    Disposable a = poller.poll(Fixture.NAME).subscribe();
    Disposable b = poller.poll(Fixture.NAME).subscribe();
    f.vts.advanceTimeBy(Duration.ofSeconds(11));
    assertThat(f.fake.count(Kind.GET)).isEqualTo(3);

    a.dispose();
    f.vts.advanceTimeBy(Duration.ofSeconds(10));
    assertThat(f.fake.count(Kind.GET)).isEqualTo(5);

    b.dispose();
    assertThat(poller.engine().loopCount()).isZero();
    assertThat(f.timers.pending()).isZero();
    f.vts.advanceTimeBy(Duration.ofHours(1));
    assertThat(f.fake.count(Kind.GET)).isEqualTo(5);
  }

  @Test
  void aSubscriberAfterTheDoneSnapshotStartsAFreshWatch() {
    f.fake.script(Fixture.NAME).running(10).doneEmpty().doneEmpty();
    OperationPoller poller = fixedPoller();
    f.verify(() -> poller.poll(Fixture.NAME).count())
        .thenAwait(FIVE).expectNext(2L).verifyComplete();
    f.verify(() -> poller.poll(Fixture.NAME).count())
        .expectNext(1L).verifyComplete();
    assertThat(f.fake.count(Kind.GET)).isEqualTo(3);
  }

  @Test
  void aSlowSubscriberSkipsIntermediateSnapshotsButNeverTheDoneOneAndHoldsNoOneBack() {
    f.fake.script(Fixture.NAME).running(10).running(20).running(30).running(40).doneEmpty();
    OperationPoller poller = fixedPoller();
    List<Integer> fast = new CopyOnWriteArrayList<>();
    List<Integer> slow = new CopyOnWriteArrayList<>();
    poller.poll(Fixture.NAME).subscribe(op -> fast.add(progress(op)));
    BaseSubscriber<Operation> slowOne = new BaseSubscriber<>() {
      @Override
      protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
        request(1);
      }

      @Override
      protected void hookOnNext(Operation op) {
        slow.add(progress(op));
      }
    };
    poller.poll(Fixture.NAME).subscribe(slowOne);

    f.vts.advanceTimeBy(Duration.ofSeconds(16));
    assertThat(fast).containsExactly(10, 20, 30, 40);
    assertThat(slow).containsExactly(10);
    slowOne.request(1); // only the latest undelivered snapshot is kept: 40
    assertThat(slow).containsExactly(10, 40);

    f.vts.advanceTimeBy(FIVE);
    assertThat(fast).containsExactly(10, 20, 30, 40, 100);
    assertThat(slow).containsExactly(10, 40);
    slowOne.request(1);
    assertThat(slow).containsExactly(10, 40, 100);
    assertThat(slowOne.isDisposed()).isTrue();
    assertThat(f.fake.count(Kind.GET)).isEqualTo(5);
  }

  @Test
  void withoutDemandFromAnySubscriberTheLoopWaits() {
    f.fake.script(Fixture.NAME).running(10).running(20).doneEmpty();
    OperationPoller poller = fixedPoller();
    f.verify(() -> poller.poll(Fixture.NAME).map(SharedWatchTest::progress), 1)
        .expectNext(10)
        .thenAwait(Duration.ofMinutes(1))
        .then(() -> assertThat(f.fake.count(Kind.GET)).isEqualTo(1))
        .thenRequest(1)
        .thenAwait(FIVE)
        .expectNext(20)
        .thenCancel()
        .verify();
    assertThat(f.fake.count(Kind.GET)).isEqualTo(2);
  }

  @Test
  void anErrorGoesToEverySubscriber() {
    f.fake.script(Fixture.NAME).running(10).httpError(404);
    OperationPoller poller = fixedPoller();
    f.verify(() -> Flux.range(0, 3)
            .flatMap(i -> poller.poll(Fixture.NAME).then()
                .onErrorResume(OperationNotFoundException.class, e -> reactor.core.publisher.Mono.empty())
                .thenReturn(i)))
        .thenAwait(FIVE)
        .expectNextCount(3)
        .verifyComplete();
    assertThat(f.fake.count(Kind.GET)).isEqualTo(2);
  }

  @Test
  void resultModelAndCompletionShareTheLoopWithPoll() {
    f.fake.script(Fixture.NAME).running(10).running(50).doneWithModel("m");
    OperationPoller poller = fixedPoller();
    f.verify(() -> Flux.merge(poller.poll(Fixture.NAME).then(), poller.model(Fixture.NAME).then(),
            poller.result(Fixture.NAME, ResponseType.MODEL).then()))
        .thenAwait(Duration.ofSeconds(10))
        .verifyComplete();
    assertThat(f.fake.count(Kind.GET)).isEqualTo(3);

    String other = "projects/p/locations/us-central1/operations/2";
    f.fake.script(other).running(10).doneEmpty();
    f.verify(() -> Flux.merge(poller.completion(other), poller.completion(other),
            poller.poll(other).then()))
        .thenAwait(Duration.ofSeconds(5))
        .verifyComplete();
    assertThat(f.fake.count(Kind.GET)).isEqualTo(5);
  }

  @Test
  void closeEndsTheSharedLoopForEverySubscriber() {
    f.fake.script(Fixture.NAME).running(10);
    OperationPoller poller = fixedPoller();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    poller.poll(Fixture.NAME).subscribe(op -> { }, errors::add);
    poller.poll(Fixture.NAME).subscribe(op -> { }, errors::add);
    f.vts.advanceTimeBy(Duration.ofSeconds(6));
    poller.close();
    assertThat(errors).hasSize(2).allMatch(e -> e instanceof PollerClosedException);
    assertThat(poller.engine().loopCount()).isZero();
    long sent = f.fake.count(Kind.GET);
    f.vts.advanceTimeBy(Duration.ofMinutes(1));
    assertThat(f.fake.count(Kind.GET)).isEqualTo(sent);
  }

  @Test
  void differentPoliciesDoNotShare() {
    f.fake.script(Fixture.NAME).running(10);
    OperationPoller poller = fixedPoller();
    Disposable a = poller.poll(Fixture.NAME).subscribe();
    Disposable b = poller.poll(Fixture.NAME, PollPolicy.fixed(Duration.ofSeconds(7))).subscribe();
    assertThat(poller.engine().loopCount()).isEqualTo(2);
    assertThat(f.fake.count(Kind.GET)).isEqualTo(2);
    a.dispose();
    b.dispose();
  }

  @Test
  void threePoliciesOfOneNameRunTheirOwnLoopsAndLeaveOneByOne() {
    f.fake.script(Fixture.NAME).running(10);
    OperationPoller poller = fixedPoller();
    PollPolicy seven = PollPolicy.fixed(Duration.ofSeconds(7));
    PollPolicy nine = PollPolicy.fixed(Duration.ofSeconds(9));
    Disposable a = poller.poll(Fixture.NAME).subscribe();
    Disposable b = poller.poll(Fixture.NAME, seven).subscribe();
    Disposable c = poller.poll(Fixture.NAME, nine).subscribe();
    Disposable b2 = poller.poll(Fixture.NAME, seven).subscribe();
    assertThat(poller.engine().loopCount()).isEqualTo(3);
    assertThat(f.fake.count(Kind.GET)).isEqualTo(3);

    b.dispose();
    assertThat(poller.engine().loopCount()).isEqualTo(3);
    b2.dispose();
    assertThat(poller.engine().loopCount()).isEqualTo(2);
    Disposable b3 = poller.poll(Fixture.NAME, seven).subscribe();
    assertThat(poller.engine().loopCount()).isEqualTo(3);
    assertThat(f.fake.count(Kind.GET)).isEqualTo(4);

    a.dispose();
    c.dispose();
    assertThat(poller.engine().loopCount()).isOne();
    b3.dispose();
    assertThat(poller.engine().loopCount()).isZero();
  }

  @Test
  void closeEndsTheLoopsOfEveryPolicyOfAName() {
    f.fake.script(Fixture.NAME).running(10);
    OperationPoller poller = fixedPoller();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    poller.poll(Fixture.NAME).subscribe(op -> { }, errors::add);
    poller.poll(Fixture.NAME, PollPolicy.fixed(Duration.ofSeconds(7))).subscribe(op -> { },
        errors::add);
    poller.poll(Fixture.NAME, PollPolicy.fixed(Duration.ofSeconds(9))).subscribe(op -> { },
        errors::add);

    poller.close();

    assertThat(errors).hasSize(3).allMatch(e -> e instanceof PollerClosedException);
    assertThat(poller.engine().loopCount()).isZero();
  }
}
