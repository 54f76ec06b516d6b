package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.PollerClosedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * {@link OperationPoller#activeWatches()} under virtual time: one per polling loop, shared loops
 * once, one-off calls never, and always what the listener's started-minus-ended says.
 */
class ActiveWatchesTest {
  private static final String PARENT = "projects/p/locations/us-central1/operations/";
  private static final String A = PARENT + "A";
  private static final String B = PARENT + "B";
  private static final String HUNG = PARENT + "HUNG";
  private final Fixture f = new Fixture();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();
  private final OperationPoller poller = OperationPoller.builder(f.fake)
      .policy(Fixture.exact()).scheduler(f.timers)
      .listener(new PollListener() {
        @Override
        public void watchStarted(String name) {
          started.incrementAndGet();
        }

        @Override
        public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
          ended.incrementAndGet();
        }
      })
      .build();

  private void expectActive(int n) {
    assertThat(poller.activeWatches()).as("activeWatches").isEqualTo(n);
    assertThat(started.get() - ended.get()).as("watchStarted - watchEnded").isEqualTo(n);
  }

  @Test
  void countsEachLoopOnceAndNoOneOffCall() {
    f.fake.script(A).running(10).running(20).doneEmpty();   // polls at 0, 5 s and 12.5 s
    f.fake.script(B).running(1).doneEmpty();                // polls at 0 and 5 s
    f.fake.script(HUNG).hang();
    expectActive(0);
    Disposable[] others = new Disposable[3];

    f.verify(() -> poller.poll(A))
        .expectNextCount(1)
        .then(() -> {
          expectActive(1);
          others[0] = poller.poll(A).subscribe();   // joins A's loop
          others[1] = poller.poll(B).subscribe(op -> {}, e -> {});
          others[2] = poller.get(HUNG).subscribe(op -> {}, e -> {});  // a call, not a watch
          expectActive(2);
        })
        .thenAwait(Duration.ofSeconds(5))
        .expectNextCount(1)
        .then(() -> expectActive(1))                // B is done, A polls on
        .thenAwait(Duration.ofMillis(7_500))
        .expectNextCount(1)
        .verifyComplete();

    expectActive(0);
    assertThat(others[2].isDisposed()).as("the get still hangs").isFalse();
    poller.close();
    expectActive(0);
  }

  @Test
  void aSharedLoopCountsUntilItsLastSubscriberCancelsAndCloseEndsTheRest() {
    f.fake.script(A).running(10).running(20).running(30).running(40);
    f.fake.script(B).running(1).running(2);

    Disposable first = poller.poll(A).subscribe();
    Disposable second = poller.poll(A).subscribe();
    expectActive(1);
    // Another policy is another loop, even for the same name.
    StepVerifier otherPolicy = StepVerifier.create(
            poller.poll(A, PollPolicy.fixed(Duration.ofSeconds(7))), 0)
        .expectSubscription()
        .expectError(PollerClosedException.class)
        .verifyLater();
    expectActive(2);
    f.vts.advanceTimeBy(Duration.ofSeconds(5));

    first.dispose();
    expectActive(2);
    second.dispose();
    expectActive(1);
    AtomicReference<Throwable> bEnded = new AtomicReference<>();
    poller.poll(B).subscribe(op -> {}, bEnded::set);
    expectActive(2);

    poller.close();

    otherPolicy.verify(Duration.ofSeconds(5));
    assertThat(bEnded.get()).isInstanceOf(PollerClosedException.class);
    expectActive(0);
    assertThat(poller.activeWatches()).isZero();
  }
}
