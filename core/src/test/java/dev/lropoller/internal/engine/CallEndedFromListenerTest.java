package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.PollPolicy;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A listener runs on the call's own stack, between two steps of its run; a subscriber that
 * cancels from there (as a listener that stops a watch does) ends the run at once. Under virtual
 * time: nothing is sent and nothing is delivered after that cancel, and the in-flight slot of the
 * poller ({@code maxInFlight(1)}) is free again.
 */
class CallEndedFromListenerTest {
  private static final String A = "projects/p/locations/l/operations/a";
  private static final PollPolicy EXACT = PollPolicy.defaults().withJitter(0.0);

  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final List<Sinks.One<String>> requests = new ArrayList<>();
  /** Keeps every signal, including any that came after its own cancel. */
  private final SignalRecorder<String> subscriber = new SignalRecorder<>();
  /** Which listener call cancels the subscriber. */
  private String cancelOn = "";

  private final PollListener listener = new PollListener() {
    @Override
    public void pollSent(String name, int attempt) {
      cancelIf("pollSent");
    }

    @Override
    public void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable f) {
      cancelIf("pollAnswered");
    }

    @Override
    public void retryScheduled(String name, Throwable cause, Duration delay) {
      cancelIf("retryScheduled");
    }
  };

  private final CountedTimers timers = new CountedTimers(vts);
  private final PollingEngine engine = engine(Admission.UNLIMITED);

  private PollingEngine engine(int perMinute) {
    return new PollingEngine(new UnusedTransport(), AccessTokenSource.none(), EXACT, timers,
        listener, 1, perMinute, Map.of());
  }

  private void cancelIf(String call) {
    if (cancelOn.equals(call)) {
      subscriber.cancel();
    }
  }

  private Mono<String> send(String name, AccessToken token) {
    Sinks.One<String> answer = Sinks.one();
    requests.add(answer);
    return answer.asMono();
  }

  private void start() {
    start(engine, A, subscriber);
  }

  private void start(PollingEngine on, String name, SignalRecorder<String> to) {
    new Call<>(Call.Kind.standalone(on, this::send, v -> PollOutcome.DONE),
        new Budget(name, EXACT, vts), Duration.ZERO).subscribe(to);
    to.request(Long.MAX_VALUE);
    vts.advanceTime();
  }

  private boolean slotFree() {
    return FreeSlot.in(engine);
  }


  @Test
  void aCallCancelledAsItsAnswerIsReportedDeliversNothing() {
    cancelOn = "pollAnswered";
    start();

    requests.get(0).tryEmitValue("done");

    assertThat(subscriber.signals).as("no value and no completion after the cancel").isEmpty();
    assertThat(slotFree()).isTrue();
    assertThat(engine.activeCount()).isZero();
  }

  @Test
  void aCallCancelledAsItsRetryIsScheduledSendsNothingMore() {
    cancelOn = "retryScheduled";
    start();

    requests.get(0).tryEmitError(new TimeoutException("slow"));
    vts.advanceTimeBy(Duration.ofDays(2));

    assertThat(requests).as("no retry after the cancel").hasSize(1);
    assertThat(timers.pending()).isZero();
    assertThat(subscriber.signals).isEmpty();
    assertThat(slotFree()).isTrue();
  }

  @Test
  void aCallCancelledAsItsPollIsSentSendsNoRequest() {
    cancelOn = "pollSent";
    start();

    assertThat(timers.pending()).as("the request timer armed after the cancel is dropped")
        .isZero();
    vts.advanceTimeBy(Duration.ofDays(2));

    assertThat(requests).as("the attempt ended before its request left").isEmpty();
    assertThat(subscriber.signals).isEmpty();
    assertThat(slotFree()).isTrue();
  }

  @Test
  void aCallCancelledAsItsFinalFailureIsReportedGetsNoError() {
    cancelOn = "pollAnswered";
    start();

    requests.get(0).tryEmitError(new IllegalStateException("refused"));

    assertThat(subscriber.signals).as("no error after the cancel").isEmpty();
    assertThat(slotFree()).isTrue();
    assertThat(engine.activeCount()).isZero();
  }

  @Test
  void aReSendAskedForByACallCancelledAsIts401IsReportedTakesNoneOfItsProjectsRate() {
    // Two requests a minute: A's attempt takes the first. A is cancelled as its 401 is reported;
    // the re-send that the 401 asks for must not take the second, so C leaves at once.
    PollingEngine limited = engine(2);
    cancelOn = "pollAnswered";
    start(limited, A, subscriber);
    requests.get(0).tryEmitError(TransportException.http(401, new byte[0], null));
    assertThat(requests).as("no re-send after the cancel").hasSize(1);

    cancelOn = "";
    start(limited, "projects/p/locations/l/operations/c", new SignalRecorder<>());

    assertThat(requests).as("C sent at once, within the project's rate").hasSize(2);
    assertThat(subscriber.signals).isEmpty();
    assertThat(FreeSlot.in(limited)).as("C holds the slot").isFalse();
  }
}
