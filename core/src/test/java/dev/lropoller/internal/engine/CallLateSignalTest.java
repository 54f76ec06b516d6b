package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.PollPolicy;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Signals that arrive after the step they belong to is over, from a transport or token source
 * that does not honour cancel: an answer after the request timer or after cancel, a token after
 * the request timer, a subscription after the run ended. Under virtual time with
 * {@code maxInFlight(1)}; each test names the guarantee it protects.
 */
class CallLateSignalTest {
  private static final String A = "projects/p/locations/l/operations/a";
  private static final Duration CUT = Duration.ofSeconds(2);
  private static final PollPolicy EXACT =
      PollPolicy.defaults().withJitter(0.0).withRequestTimeout(CUT);

  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final CountedTimers timers = new CountedTimers(vts);
  private final SignalRecorder<String> subscriber = new SignalRecorder<>();
  /** Every request sent, in order, each a source the test answers. */
  private final List<DeafMono<String>> requests = new ArrayList<>();
  /** The token source's answers, in order. */
  private final List<DeafMono<AccessToken>> tokens = new ArrayList<>();
  private boolean cancelOnPollSent;

  private final AccessTokenSource deafTokens = new AccessTokenSource() {
    @Override
    public Mono<AccessToken> token() {
      DeafMono<AccessToken> t = new DeafMono<>();
      tokens.add(t);
      return t;
    }

    @Override
    public void invalidate(AccessToken rejected) {}
  };

  private final PollListener listener = new PollListener() {
    @Override
    public void pollSent(String name, int attempt) {
      if (cancelOnPollSent) {
        subscriber.cancel();
      }
    }
  };

  private PollingEngine engine(AccessTokenSource source) {
    return new PollingEngine(new UnusedTransport(), source, EXACT, timers, listener, 1,
        Admission.UNLIMITED, Map.of());
  }

  private Mono<String> send(String name, AccessToken token) {
    DeafMono<String> request = new DeafMono<>();
    requests.add(request);
    return request;
  }

  private void start(PollingEngine engine) {
    new Call<>(Call.Kind.standalone(engine, this::send, v -> PollOutcome.DONE),
        new Budget(A, EXACT, vts), Duration.ZERO).subscribe(subscriber);
    subscriber.request(1);
  }


  @Test
  void anAnswerThatComesAfterTheRequestTimerIsIgnoredAndTheRetryStillRuns() {
    PollingEngine engine = engine(AccessTokenSource.none());
    start(engine);
    vts.advanceTimeBy(CUT);
    assertThat(requests.get(0).cancelled).as("cut by its timer").isTrue();

    requests.get(0).emit("late");

    assertThat(subscriber.signals).as("the late answer is not the call's").isEmpty();
    assertThat(FreeSlot.in(engine)).as("free during the backoff").isTrue();
    vts.advanceTimeBy(EXACT.initialInterval());
    assertThat(requests).as("the retry").hasSize(2);
    requests.get(1).emit("fresh");
    assertThat(subscriber.signals).containsExactly("fresh", SignalRecorder.COMPLETE);
    assertThat(timers.pending()).isZero();
  }

  @Test
  void anErrorThatComesAfterTheRequestTimerCountsNoSecondFailure() {
    PollingEngine engine = engine(AccessTokenSource.none());
    start(engine);
    vts.advanceTimeBy(CUT);

    requests.get(0).fail(new TimeoutException("late"));

    // One failure counted: the retry comes after the first backoff step, not the second.
    vts.advanceTimeBy(EXACT.initialInterval().minusNanos(1));
    assertThat(requests).hasSize(1);
    vts.advanceTimeBy(Duration.ofNanos(1));
    assertThat(requests).hasSize(2);
    assertThat(subscriber.signals).isEmpty();
    assertThat(timers.pending()).as("only the retry's request timer").isEqualTo(1);
  }

  @Test
  void aTokenThatComesAfterTheRequestTimerSendsNoRequest() {
    PollingEngine engine = engine(deafTokens);
    start(engine);
    assertThat(tokens).hasSize(1);
    vts.advanceTimeBy(CUT);
    assertThat(tokens.get(0).cancelled).as("the token wait is cut").isTrue();

    tokens.get(0).emit(AccessToken.of("late", Instant.MAX));

    assertThat(requests).as("a late token sends nothing").isEmpty();
    assertThat(subscriber.signals).isEmpty();
    assertThat(FreeSlot.in(engine)).isTrue();
  }

  @Test
  void anAnswerThatComesAfterCancelDeliversNothing() {
    PollingEngine engine = engine(AccessTokenSource.none());
    start(engine);

    subscriber.cancel();
    requests.get(0).emit("late");

    assertThat(requests.get(0).cancelled).isTrue();
    assertThat(subscriber.signals).isEmpty();
    assertThat(timers.pending()).isZero();
    assertThat(FreeSlot.in(engine)).isTrue();
  }

  @Test
  void aTokenSubscriptionThatStartsAfterTheRunEndedIsCancelledAndNeverAskedForAValue() {
    cancelOnPollSent = true;
    PollingEngine engine = engine(deafTokens);

    start(engine);

    assertThat(tokens).singleElement().satisfies(t -> {
      assertThat(t.subscribed()).isTrue();
      assertThat(t.cancelled).as("cancelled on subscribe").isTrue();
      assertThat(t.requested).as("no demand for a step that is over").isZero();
    });
    assertThat(requests).isEmpty();
    assertThat(subscriber.signals).isEmpty();
    assertThat(FreeSlot.in(engine)).isTrue();
  }
}
