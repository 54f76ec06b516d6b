package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.testing.FakeOperationsTransport.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;

/**
 * A subscriber that cancels while its call is failing gets no error, and that error is not
 * reported through {@code Operators.onErrorDropped} (Reactor logs those at ERROR): the race is
 * expected. The cancel runs inside the listener's {@code pollAnswered}, between the failed answer
 * and the end of the call, which makes the race deterministic.
 */
class CancelRaceDropTest {
  private final Fixture f = new Fixture();
  private final List<Throwable> dropped = new CopyOnWriteArrayList<>();
  private final List<Throwable> received = new CopyOnWriteArrayList<>();
  private final AtomicReference<Disposable> subscription = new AtomicReference<>();

  @BeforeEach
  void recordDropped() {
    Hooks.onErrorDropped(dropped::add);
  }

  @AfterEach
  void resetHook() {
    Hooks.resetOnErrorDropped();
  }

  /** Cancels the subscription when a poll fails for good. */
  private OperationPoller cancellingPoller() {
    return OperationPoller.builder(f.fake).policy(Fixture.exact()).scheduler(f.timers)
        .listener(new PollListener() {
          @Override
          public void pollAnswered(
              String name, Duration latency, PollOutcome outcome, Throwable failure) {
            if (outcome == PollOutcome.FAILED) {
              subscription.get().dispose();
            }
          }
        })
        .build();
  }

  @Test
  void aWatchCancelledAsItsPollFailsDropsNothing() {
    f.fake.script(Fixture.NAME).running(10).httpError(404);
    OperationPoller poller = cancellingPoller();

    subscription.set(poller.poll(Fixture.NAME).subscribe(op -> { }, received::add));
    f.vts.advanceTimeBy(Duration.ofMinutes(1));

    assertThat(f.fake.count(Kind.GET)).isEqualTo(2);
    assertThat(subscription.get().isDisposed()).isTrue();
    assertThat(received).isEmpty();
    assertThat(dropped).isEmpty();
    assertThat(poller.engine().activeCount()).isZero();
  }

  @Test
  void aGetCancelledAsItFailsDropsNothing() {
    f.fake.script(Fixture.NAME).httpError(404);
    // The answer comes a second after the request, once the subscription is stored.
    f.fake.latency(Duration.ofSeconds(1));
    OperationPoller poller = cancellingPoller();

    subscription.set(poller.get(Fixture.NAME).subscribe(op -> { }, received::add));
    f.vts.advanceTimeBy(Duration.ofMinutes(1));

    assertThat(f.fake.count(Kind.GET)).isEqualTo(1);
    assertThat(received).isEmpty();
    assertThat(dropped).isEmpty();
    assertThat(poller.engine().activeCount()).isZero();
  }
}
