package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Issue 19: a {@link Call}'s in-flight slot and its place in the admission queue, driven directly
 * under virtual time with {@code maxInFlight(1)}. Every request is a sink the test answers; a
 * probe ticket tells whether the poller's one slot is free. Each test names the guarantee it
 * protects.
 */
class CallSlotTest {
  private static final String A = "projects/p/locations/l/operations/a";
  private static final String B = "projects/p/locations/l/operations/b";
  private static final String PROBE = "projects/q/locations/l/operations/probe";
  private static final PollPolicy EXACT = PollPolicy.defaults().withJitter(0.0);

  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<Object> seen = new ArrayList<>();
  private final CountedTimers timers = new CountedTimers(vts);
  private final PollingEngine engine = engine(Admission.UNLIMITED);

  private PollingEngine engine(int perMinute) {
    return new PollingEngine(new UnusedTransport(), AccessTokenSource.none(), EXACT, timers,
        PollListener.NONE, 1, perMinute, Map.of());
  }

  /** One request sent: the sink that answers it, and whether it was cancelled. */
  private static final class Attempt {
    final String name;
    final Sinks.One<String> answer = Sinks.one();
    boolean cancelled;

    Attempt(String name) {
      this.name = name;
    }
  }

  private Mono<String> send(String name, AccessToken token) {
    Attempt a = new Attempt(name);
    attempts.add(a);
    return a.answer.asMono().doOnCancel(() -> a.cancelled = true);
  }

  private Call.Kind<String> standalone() {
    return standalone(engine);
  }

  private Call.Kind<String> standalone(PollingEngine on) {
    return Call.Kind.standalone(on, this::send, v -> PollOutcome.DONE);
  }

  /** A poll of a watch: not registered for close, so close does not end it by itself. */
  private Call.Kind<String> watchPoll() {
    return Call.Kind.watchPoll(engine, this::send, v -> PollOutcome.DONE);
  }

  private Disposable start(Call.Kind<String> kind, String name, PollPolicy policy) {
    Disposable d = new Call<>(kind, new Budget(name, policy, vts), Duration.ZERO)
        .subscribe(seen::add, seen::add);
    vts.advanceTime();
    return d;
  }

  private long sent(String name) {
    return attempts.stream().filter(a -> a.name.equals(name)).count();
  }

  private Attempt last(String name) {
    return attempts.stream().filter(a -> a.name.equals(name)).reduce((x, y) -> y).orElseThrow();
  }

  /** A ticket of another project that only says whether it was let through. */
  private static final class Probe extends Admission.Ticket {
    int admitted;

    @Override
    void admitted() {
      admitted++;
    }
  }

  /** Whether the poller's one in-flight slot is free now; the probe gives it straight back. */
  private boolean slotFree() {
    Probe p = new Probe();
    if (engine.admission().acquire(PROBE, p)) {
      engine.admission().release(p);
      return true;
    }
    engine.admission().withdraw(p);
    return false;
  }

  @Test
  void aRunCancelledWhileItsRequestIsInFlightGivesItsSlotBack() {
    Disposable a = start(standalone(), A, EXACT);
    assertThat(sent(A)).isEqualTo(1);
    assertThat(slotFree()).as("the request holds the slot").isFalse();

    a.dispose();

    assertThat(last(A).cancelled).as("the request is cancelled").isTrue();
    assertThat(timers.pending()).as("its request timer is cancelled").isZero();
    assertThat(slotFree()).isTrue();
  }

  @Test
  void aRunEndedByCloseWhileInFlightGivesItsSlotBack() {
    start(standalone(), A, EXACT);

    engine.close();

    assertThat(seen).singleElement().isInstanceOf(PollerClosedException.class);
    assertThat(last(A).cancelled).isTrue();
    assertThat(slotFree()).isTrue();
  }

  @Test
  void aRunWhoseLastRequestTimesOutGivesItsSlotBack() {
    PollPolicy tenSeconds = EXACT.withTimeout(Duration.ofSeconds(10));
    start(standalone(), A, tenSeconds);

    vts.advanceTimeBy(Duration.ofSeconds(10));

    assertThat(seen).singleElement().isInstanceOf(PollTimeoutException.class);
    assertThat(last(A).cancelled).as("the request cut by its timer").isTrue();
    assertThat(slotFree()).isTrue();
  }

  @Test
  void aRequestTimeoutGivesTheSlotBackForTheWholeBackoff() {
    start(standalone(), A, EXACT.withRequestTimeout(Duration.ofSeconds(2)));

    vts.advanceTimeBy(Duration.ofSeconds(2));

    assertThat(seen).as("retried, not ended").isEmpty();
    assertThat(slotFree()).as("free during the backoff").isTrue();
    vts.advanceTimeBy(EXACT.initialInterval());
    assertThat(sent(A)).isEqualTo(2);
  }

  @Test
  void aRunThatFailsForGoodGivesItsSlotBack() {
    start(standalone(), A, EXACT);

    last(A).answer.tryEmitError(new IllegalStateException("refused"));

    assertThat(seen).singleElement().isInstanceOf(Throwable.class);
    assertThat(slotFree()).isTrue();
  }

  @Test
  void aRunThatSucceedsGivesItsSlotBack() {
    start(standalone(), A, EXACT);

    last(A).answer.tryEmitValue("done");

    assertThat(seen).containsExactly("done");
    assertThat(timers.pending()).as("its request timer is cancelled").isZero();
    assertThat(slotFree()).isTrue();
  }

  @Test
  void aReleaseAdmitsTheQueuedRunWithoutAnyOtherEvent() {
    start(standalone(), A, EXACT);
    start(standalone(), B, EXACT);
    assertThat(sent(B)).as("B waits for the slot").isZero();

    last(A).answer.tryEmitValue("a");

    assertThat(sent(B)).as("sent at once, no time passed").isEqualTo(1);
    assertThat(timers.pending()).as("B's queue timer gave way to its request timer").isEqualTo(1);
    last(B).answer.tryEmitValue("b");
    assertThat(seen).containsExactly("a", "b");
    assertThat(slotFree()).isTrue();
  }

  @Test
  void aWithdrawnQueuedRunNeverSendsAndLeavesNoTimer() {
    start(standalone(), A, EXACT);
    Disposable b = start(standalone(), B, EXACT);

    b.dispose();
    last(A).answer.tryEmitValue("a");
    assertThat(timers.pending()).as("B's queue timer is cancelled").isZero();
    vts.advanceTimeBy(Duration.ofDays(2));

    assertThat(sent(B)).as("a withdrawn run never sends").isZero();
    assertThat(seen).containsExactly("a");
    assertThat(slotFree()).isTrue();
  }

  @Test
  void aQueuedRunWhoseBudgetRunsOutTimesOutWithoutSendingOrHoldingASlot() {
    start(standalone(), A, EXACT);
    start(standalone(), B, EXACT.withTimeout(Duration.ofSeconds(5)));

    vts.advanceTimeBy(Duration.ofSeconds(5).minusNanos(1));
    assertThat(seen).isEmpty();
    vts.advanceTimeBy(Duration.ofNanos(1));

    assertThat(seen).singleElement().isInstanceOf(PollTimeoutException.class);
    last(A).answer.tryEmitValue("a");
    assertThat(sent(B)).as("its budget ran out in the queue").isZero();
    assertThat(slotFree()).as("B took no slot when A released it").isTrue();
  }

  @Test
  void aQueuedRunAdmittedAfterCloseEndsClosedWithoutSendingAndGivesTheSlotBack() {
    start(watchPoll(), A, EXACT);
    start(watchPoll(), B, EXACT);
    engine.close();

    last(A).answer.tryEmitValue("a");

    assertThat(sent(B)).as("nothing leaves after close").isZero();
    assertThat(seen).hasSize(2).contains("a")
        .anySatisfy(e -> assertThat(e).isInstanceOf(PollerClosedException.class));
    assertThat(slotFree()).isTrue();
  }

  @Test
  void aRunCancelledAfterItsAdmissionButBeforeItsSendSendsNothingAndGivesTheSlotBack() {
    // The admission hands the slot over outside its lock, so a cancel on another thread can
    // land after the run accepted the slot and before its attempt leaves. Here it lands on B's
    // budget clock, read in that gap: the last moment before the send.
    start(standalone(), A, EXACT);
    Disposable[] b = new Disposable[1];
    CancelOnNextRead clock = new CancelOnNextRead(() -> b[0].dispose());
    Budget budgetOfB = new Budget(B, EXACT, clock);
    b[0] = new Call<>(standalone(), budgetOfB, Duration.ZERO).subscribe(seen::add, seen::add);
    vts.advanceTime();
    assertThat(sent(B)).as("B waits for the slot").isZero();

    clock.armed = true;
    last(A).answer.tryEmitValue("a");

    assertThat(clock.fired).as("the cancel came in the gap").isTrue();
    assertThat(sent(B)).as("a run cancelled before its send never sends").isZero();
    assertThat(budgetOfB.attempts()).as("nor counts an attempt").isZero();
    assertThat(seen).containsExactly("a");
    assertThat(slotFree()).isTrue();
    assertThat(timers.pending()).as("no timer of B is left").isZero();
  }

  /** Virtual time whose next read, once armed, first runs an action: a cancel at that moment. */
  private final class CancelOnNextRead implements Scheduler {
    private final Runnable action;
    boolean armed;
    boolean fired;

    CancelOnNextRead(Runnable action) {
      this.action = action;
    }

    @Override
    public long now(TimeUnit unit) {
      if (armed) {
        armed = false;
        fired = true;
        action.run();
      }
      return vts.now(unit);
    }

    @Override
    public Disposable schedule(Runnable task) {
      return vts.schedule(task);
    }

    @Override
    public Worker createWorker() {
      return vts.createWorker();
    }
  }

  @Test
  void aQueuedRunAdmittedAtItsDeadlineTimesOutWithoutSendingAndGivesTheSlotBack() {
    // A's request timer and B's budget end at the same instant; A's was armed first, so A's
    // release admits B with nothing of its budget left.
    start(standalone(), A, EXACT.withRequestTimeout(Duration.ofSeconds(5)));
    start(standalone(), B, EXACT.withTimeout(Duration.ofSeconds(5)));

    vts.advanceTimeBy(Duration.ofSeconds(5));

    assertThat(sent(B)).isZero();
    assertThat(seen).singleElement().isInstanceOf(PollTimeoutException.class);
    assertThat(slotFree()).as("B gave the slot back").isTrue();
    vts.advanceTimeBy(EXACT.initialInterval());
    assertThat(sent(A)).as("A's retry found the slot free").isEqualTo(2);
  }

  @Test
  void aSlotHandedToARunThatHasEndedIsGivenBack() {
    // The pump hands a slot over outside the admission's lock, so a run can end between being
    // taken from the queue and hearing of it; the slot is taken here as the pump takes it.
    CallRun<String> run = new CallRun<>(standalone(), new Budget(A, EXACT, vts), Duration.ZERO,
        new Recorder(seen, 0));
    run.cancel();
    assertThat(engine.admission().acquire(A, run)).isTrue();

    run.admitted();

    assertThat(slotFree()).isTrue();
    assertThat(attempts).isEmpty();
  }

  @Test
  void aSlotGrantedAtOnceToARunThatHasEndedIsGivenBack() {
    CallRun<String> run = new CallRun<>(standalone(), new Budget(A, EXACT, vts), Duration.ZERO,
        new Recorder(seen, 0));
    run.cancel();
    assertThat(engine.admission().acquire(A, run)).isTrue();

    assertThat(run.hold()).isFalse();

    assertThat(slotFree()).isTrue();
  }

  @Test
  void aRunEndedAgainSignalsNothingMoreAndGivesNoSlotBackTwice() {
    SignalRecorder<String> once = new SignalRecorder<>();
    CallRun<String> run = new CallRun<>(standalone(), new Budget(A, EXACT, vts), Duration.ZERO,
        once);
    once.onSubscribe(run);
    run.request(1);
    run.cancel();
    start(standalone(), B, EXACT);
    assertThat(slotFree()).as("B holds the slot A gave back").isFalse();

    run.cancel();
    run.pollerClosed();
    run.fail(new IllegalStateException("after the end"));

    assertThat(once.signals).as("an ended run signals nothing").isEmpty();
    assertThat(slotFree()).as("still B's: A gave nothing back twice").isFalse();
    last(B).answer.tryEmitValue("b");
    assertThat(slotFree()).isTrue();
  }

  @Test
  void aWithdrawnQueuedRunTakesNoneOfItsProjectsRate() {
    // Two requests a minute: A takes the first; B, withdrawn while it waits, must not take the
    // second, so C leaves as soon as A is answered.
    PollingEngine limited = engine(2);
    start(standalone(limited), A, EXACT);
    Disposable b = start(standalone(limited), B, EXACT);
    b.dispose();
    last(A).answer.tryEmitValue("a");

    start(standalone(limited), "projects/p/locations/l/operations/c", EXACT);

    assertThat(sent("projects/p/locations/l/operations/c")).isEqualTo(1);
    assertThat(sent(B)).isZero();
  }

  @Test
  void aCallRequestedOnlyAfterCloseEndsClosedWithoutSending() {
    List<Object> got = new ArrayList<>();
    Recorder late = new Recorder(got, 0);
    new Call<>(standalone(), new Budget(A, EXACT, vts), Duration.ZERO).subscribe(late);
    engine.close();

    late.request(1);

    assertThat(got).singleElement().isInstanceOf(PollerClosedException.class);
    assertThat(attempts).isEmpty();
    assertThat(engine.activeCount()).as("not registered").isZero();
  }

  @Test
  void aSecondRequestSendsNothingMore() {
    Recorder twice = new Recorder(seen, 1);
    new Call<>(standalone(), new Budget(A, EXACT, vts), Duration.ZERO).subscribe(twice);
    vts.advanceTime();

    twice.request(1);
    vts.advanceTime();

    assertThat(sent(A)).isEqualTo(1);
    assertThat(timers.pending()).as("one request timer").isEqualTo(1);
  }

  /** A subscriber that keeps what it receives, and asks for {@code initial} at first. */
  private static final class Recorder extends BaseSubscriber<String> {
    private final List<Object> got;
    private final long initial;

    Recorder(List<Object> got, long initial) {
      this.got = got;
      this.initial = initial;
    }

    @Override
    protected void hookOnSubscribe(Subscription s) {
      if (initial > 0) {
        s.request(initial);
      }
    }

    @Override
    protected void hookOnNext(String value) {
      got.add(value);
    }

    @Override
    protected void hookOnError(Throwable t) {
      got.add(t);
    }
  }
}
