package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.PollPolicy;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.OperationsTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
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
  private static final String PROBE = "projects/q/locations/l/operations/probe";
  private static final PollPolicy EXACT = PollPolicy.defaults().withJitter(0.0);

  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final List<Sinks.One<String>> requests = new ArrayList<>();
  private final List<Object> delivered = new ArrayList<>();
  private final Recorder subscriber = new Recorder();
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
  private final PollingEngine engine = new PollingEngine(new Unused(), AccessTokenSource.none(),
      EXACT, timers, listener, 1, Admission.UNLIMITED, Map.of());

  private void cancelIf(String call) {
    if (cancelOn.equals(call)) {
      subscriber.dispose();
    }
  }

  private Mono<String> send(String name, AccessToken token) {
    Sinks.One<String> answer = Sinks.one();
    requests.add(answer);
    return answer.asMono();
  }

  private void start() {
    new Call<>(Call.Kind.standalone(engine, this::send, v -> PollOutcome.DONE),
        new Budget(A, EXACT, vts), Duration.ZERO).subscribe(subscriber);
    vts.advanceTime();
  }

  private boolean slotFree() {
    Admission.Ticket probe = new Admission.Ticket() {
      @Override
      void admitted() {}
    };
    if (engine.admission().acquire(PROBE, probe)) {
      engine.admission().release(probe);
      return true;
    }
    engine.admission().withdraw(probe);
    return false;
  }

  @Test
  void aCallCancelledAsItsAnswerIsReportedDeliversNothing() {
    cancelOn = "pollAnswered";
    start();

    requests.get(0).tryEmitValue("done");

    assertThat(delivered).as("no value and no completion after the cancel").isEmpty();
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
    assertThat(delivered).isEmpty();
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
    assertThat(delivered).isEmpty();
    assertThat(slotFree()).isTrue();
  }

  /** Keeps every signal it receives, including any that came after its own cancel. */
  private final class Recorder extends BaseSubscriber<String> {
    @Override
    protected void hookOnNext(String value) {
      delivered.add(value);
    }

    @Override
    protected void hookOnComplete() {
      delivered.add("complete");
    }

    @Override
    protected void hookOnError(Throwable t) {
      delivered.add(t);
    }
  }

  /** The engine's own requests are not used: the call brings its own. */
  private static final class Unused implements OperationsTransport {
    @Override
    public Mono<byte[]> getOperation(String name, AccessToken token) {
      throw new AssertionError("not used");
    }

    @Override
    public Mono<byte[]> listOperations(String parent, String filter, String page, AccessToken t) {
      throw new AssertionError("not used");
    }

    @Override
    public Mono<Void> cancelOperation(String name, AccessToken token) {
      throw new AssertionError("not used");
    }

    @Override
    public Mono<Void> deleteOperation(String name, AccessToken token) {
      throw new AssertionError("not used");
    }
  }
}
