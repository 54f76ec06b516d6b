package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * How an attempt of a {@link Call} leaves, driven under virtual time with {@code maxInFlight(1)}:
 * not after close, not nested in the send before it, and not without its request timer. Each
 * test names the guarantee it protects.
 */
class CallSendTest {
  private static final String A = "projects/p/locations/l/operations/a";
  private static final PollPolicy EXACT = PollPolicy.defaults().withJitter(0.0);

  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final CountedTimers timers = new CountedTimers(vts);
  private final SignalRecorder<String> subscriber = new SignalRecorder<>();
  /** For each request sent, how many requests were being subscribed to when it was. */
  private final List<Integer> nestedAt = new ArrayList<>();
  private int subscribing;

  /** What the listener heard of each retry: its cause and its delay. */
  private final List<Object> retries = new ArrayList<>();
  private final PollListener listener = new PollListener() {
    @Override
    public void retryScheduled(String name, Throwable cause, Duration delay) {
      retries.add(cause);
      retries.add(delay);
    }
  };

  private PollingEngine engine(AccessTokenSource tokens, Scheduler scheduler) {
    return new PollingEngine(new UnusedTransport(), tokens, EXACT, scheduler, listener, 1,
        Admission.UNLIMITED, Map.of());
  }


  /** Answers every request with a 401 while it is being subscribed to, on the sender's stack. */
  private Mono<String> unauthorizedAtOnce(String name, AccessToken token) {
    return new Mono<String>() {
      @Override
      public void subscribe(CoreSubscriber<? super String> actual) {
        nestedAt.add(subscribing);
        subscribing++;
        Operators.error(actual, TransportException.http(401, new byte[0], null));
        subscribing--;
      }
    };
  }

  @Test
  void aPollThatFallsDueAfterCloseEndsClosedWithoutSendingOrTakingASlot() {
    PollingEngine engine = engine(AccessTokenSource.none(), timers);
    List<String> sent = new ArrayList<>();
    // A watch's poll: close does not end it, so its delay runs out on a closed poller.
    new Call<>(Call.Kind.watchPoll(engine, (name, token) -> {
      sent.add(name);
      return Mono.just("answer");
    }, v -> PollOutcome.DONE), new Budget(A, EXACT, vts), Duration.ofSeconds(5))
        .subscribe(subscriber);
    subscriber.request(1);
    engine.close();

    vts.advanceTimeBy(Duration.ofSeconds(5));

    assertThat(sent).as("nothing leaves after close").isEmpty();
    assertThat(subscriber.signals).singleElement().isInstanceOf(PollerClosedException.class);
    assertThat(FreeSlot.in(engine)).isTrue();
    assertThat(timers.pending()).isZero();
  }

  @Test
  void aReSendAskedForOnTheSendersStackLeavesOnlyAfterThatSendHasReturned() {
    PollingEngine engine = engine(AccessTokenSource.none(), timers);
    new Call<>(Call.Kind.standalone(engine, this::unauthorizedAtOnce, v -> PollOutcome.DONE),
        new Budget(A, EXACT, vts), Duration.ZERO).subscribe(subscriber);

    subscriber.request(1);

    // The 401 arrives while its request is being subscribed to; the re-send it asks for waits
    // until that subscribe has returned, so the stack does not grow with each re-send.
    assertThat(nestedAt).as("the attempt, then its re-send").containsExactly(0, 0);
    assertThat(subscriber.signals).singleElement().isInstanceOf(Throwable.class);
    assertThat(FreeSlot.in(engine)).isTrue();
  }

  @Test
  void aRequestTimerTheSchedulerRefusesFailsTheCallWithoutAskingForAToken() {
    int[] asked = new int[1];
    AccessTokenSource counting = new AccessTokenSource() {
      @Override
      public Mono<AccessToken> token() {
        asked[0]++;
        return Mono.just(AccessToken.none());
      }

      @Override
      public void invalidate(AccessToken rejected) {}
    };
    RejectedExecutionException refused = new RejectedExecutionException("scheduler shut down");
    Scheduler refusing = new Scheduler() {
      @Override
      public Disposable schedule(Runnable task) {
        throw refused;
      }

      @Override
      public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        throw refused;
      }

      @Override
      public long now(TimeUnit unit) {
        return vts.now(unit);
      }

      @Override
      public Worker createWorker() {
        return vts.createWorker();
      }
    };
    PollingEngine engine = engine(counting, refusing);
    List<String> sent = new ArrayList<>();
    new Call<>(Call.Kind.standalone(engine, (name, token) -> {
      sent.add(name);
      return Mono.just("answer");
    }, v -> PollOutcome.DONE), new Budget(A, EXACT, vts), Duration.ZERO).subscribe(subscriber);

    subscriber.request(1);

    assertThat(subscriber.signals).containsExactly(refused);
    assertThat(asked[0]).as("no token asked for an attempt without its timer").isZero();
    assertThat(sent).isEmpty();
    assertThat(FreeSlot.in(engine)).isTrue();
  }

  @Test
  void aPauseForBackPressureIsReportedAsARetryWithTheDelayItWaits() {
    PollingEngine engine = engine(AccessTokenSource.none(), timers);
    TransportException full = TransportException.backPressure("pool full", null);
    List<Duration> sentAt = new ArrayList<>();
    new Call<>(Call.Kind.standalone(engine, (name, token) -> {
      sentAt.add(Duration.ofNanos(vts.now(TimeUnit.NANOSECONDS)));
      return sentAt.size() == 1 ? Mono.<String>error(full) : Mono.just("answer");
    }, v -> PollOutcome.DONE), new Budget(A, EXACT, vts), Duration.ZERO).subscribe(subscriber);

    subscriber.request(1);
    vts.advanceTimeBy(Duration.ofSeconds(1));

    assertThat(retries).hasSize(2).first().isSameAs(full);
    Duration pause = (Duration) retries.get(1);
    assertThat(pause).isBetween(Recovery.BACK_PRESSURE_PAUSE,
        Recovery.BACK_PRESSURE_PAUSE.multipliedBy(2));
    assertThat(sentAt).as("the next attempt leaves after the reported pause")
        .containsExactly(Duration.ZERO, pause);
    assertThat(subscriber.signals).containsExactly("answer", SignalRecorder.COMPLETE);
  }
}
