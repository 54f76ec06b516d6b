package dev.lropoller.internal.engine;

import dev.lropoller.PollOutcome;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.FailureKind;
import dev.lropoller.spi.TransportException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * One subscription to a {@link Call}: the mechanics of its attempts, as a small state machine
 * of {@link Phase}s. It waits the first delay, then sends attempts (through the poller's
 * {@link Admission}) until one succeeds or {@link Recovery#after} decides to end; it only carries
 * decisions out. Its one timer at a time is armed by {@link #arm}; every timer, answer and token
 * carries the epoch of its attempt, and a signal of an earlier epoch is ignored. It extends
 * {@link Admission.Ticket} rather than holding one so that a waiting poll is one object.
 *
 * @param <T> the call's value
 */
final class CallRun<T> extends Admission.Ticket
    implements Subscription, PollingEngine.Active {
  /** Where a run is; each attempt moves WAITING, QUEUED, TOKEN, REQUEST, then WAITING again. */
  private enum Phase {
    /** Subscribed, not yet requested. */
    IDLE,
    /** Waiting for a timer: the first delay, a retry delay, or the deadline. */
    WAITING,
    /** Waiting for an in-flight slot, the project's rate window or its cool-down. */
    QUEUED,
    /** Sent: waiting for the access token. */
    TOKEN,
    /** Sent: waiting for the request's answer. */
    REQUEST,
    /** Ended: completed, failed, cancelled or closed. No signal counts any more. */
    ENDED
  }

  final Call.Kind<T> kind;
  final Budget budget;
  final CoreSubscriber<? super T> actual;
  /** Until the first request: then dropped, a jittered delay is an object of its own. */
  private Duration firstDelay;

  // Guarded by this.
  private Phase phase = Phase.IDLE;
  private int epoch;
  private Disposable timer;
  private Subscription inner;
  private boolean sending;
  private boolean sendAgain;
  private boolean resend;
  private boolean resent;
  private long sentAt;
  /** Whether this run holds an in-flight slot of the poller's {@link Admission}. */
  private boolean holding;
  /**
   * The failure being retried, from the start of the wait before its retry until the retry is
   * sent: reported if the timeout comes first.
   */
  private Throwable retrying;

  CallRun(Call.Kind<T> kind, Budget budget, Duration firstDelay, CoreSubscriber<? super T> actual) {
    this.kind = kind;
    this.budget = budget;
    this.firstDelay = firstDelay;
    this.actual = actual;
  }

  @Override
  public void request(long n) {
    if (!Operators.validate(n)) {
      return;
    }
    Duration delay;
    synchronized (this) {
      if (phase != Phase.IDLE) {
        return;
      }
      phase = Phase.WAITING;
      delay = firstDelay;
      firstDelay = null;
    }
    if (kind.standalone && !kind.engine.enter(this)) {
      pollerClosed();
      return;
    }
    schedule(delay, null);
  }

  @Override
  public void cancel() {
    if (end()) {
      leave();
    }
  }

  @Override
  public void pollerClosed() {
    if (end()) {
      leave();
      actual.onError(new PollerClosedException(budget.name()));
    }
  }

  /** Ends the run: cancels the timer and the step in flight. False if it had ended already. */
  private boolean end() {
    Disposable t;
    Subscription s;
    synchronized (this) {
      if (phase == Phase.ENDED) {
        return false;
      }
      phase = Phase.ENDED;
      epoch++;
      t = timer;
      s = inner;
      timer = null;
      inner = null;
    }
    if (t != null) {
      t.dispose();
    }
    if (s != null) {
      s.cancel();
    }
    kind.engine.admission().withdraw(this);
    releaseSlot();
    return true;
  }

  /** Gives back the in-flight slot, if this run holds one. */
  private void releaseSlot() {
    synchronized (this) {
      if (!holding) {
        return;
      }
      holding = false;
    }
    kind.engine.admission().release(this);
  }

  private void leave() {
    if (kind.standalone) {
      kind.engine.leave(this);
    }
  }

  /**
   * Sends the next attempt after {@code delay}, or ends on the deadline if that comes first.
   *
   * @param last the failure being retried, or {@code null}: reported with a timeout
   */
  private void schedule(Duration delay, Throwable last) {
    long remaining = budget.remainingNanos();
    long nanos = Budget.saturatedNanos(delay);
    if (nanos >= remaining) {
      // The budget runs out before the attempt is due: wait for that moment, not the attempt.
      if (remaining == 0) {
        fail(timedOut(last));
      } else {
        startTimer(remaining, false, last);
      }
      return;
    }
    if (nanos == 0) {
      sendNow();
    } else {
      startTimer(nanos, true, last);
    }
  }

  private PollTimeoutException timedOut(Throwable last) {
    return budget.timedOut(last);
  }

  /** Sends after {@code delay} nanoseconds, or times out then, reporting {@code last}. */
  private void startTimer(long delay, boolean thenSend, Throwable last) {
    int e;
    synchronized (this) {
      if (phase == Phase.ENDED) {
        return;
      }
      phase = Phase.WAITING;
      e = ++epoch;
      // Kept here rather than in the timer's task, so the task captures only the epoch.
      retrying = last;
    }
    arm(e, delay, thenSend ? () -> onDelay(e) : () -> onDeadline(e));
  }

  /**
   * Arms the one timer of epoch {@code e}: {@code task} runs after {@code nanos}. The timer is
   * kept unless its epoch is over already (it ran, or the run moved on). False, and the run
   * failed, if the scheduler refused the task.
   */
  private boolean arm(int e, long nanos, Runnable task) {
    Disposable d;
    try {
      d = kind.engine.scheduler().schedule(task, nanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) {
      fail(rejected);
      return false;
    }
    Disposable old;
    synchronized (this) {
      if (epoch != e || phase == Phase.ENDED) {
        old = d;
      } else {
        // A timer still stored belongs to an earlier epoch (a queue wait that raced its
        // admission): it would only be ignored when it fires.
        old = timer;
        timer = d;
      }
    }
    if (old != null) {
      old.dispose();
    }
    return true;
  }

  /** The delay before an attempt is over: send it. */
  private void onDelay(int e) {
    synchronized (this) {
      if (epoch != e || phase != Phase.WAITING) {
        return;
      }
      timer = null;
    }
    sendNow();
  }

  /** The budget ran out before the next attempt was due: time out, reporting the retried one. */
  private void onDeadline(int e) {
    Throwable last;
    synchronized (this) {
      if (epoch != e || phase != Phase.WAITING) {
        return;
      }
      timer = null;
      last = retrying;
    }
    fail(timedOut(last));
  }

  /** Sends an attempt now; a re-send asked for while one is being sent runs after it, looping. */
  private void sendNow() {
    synchronized (this) {
      if (sending) {
        sendAgain = true;
        return;
      }
      sending = true;
    }
    for (;;) {
      send();
      synchronized (this) {
        if (!sendAgain) {
          sending = false;
          return;
        }
        sendAgain = false;
      }
    }
  }

  private void send() {
    if (kind.engine.isClosed()) {
      // Closed while this attempt was due: nothing leaves after close.
      pollerClosed();
      return;
    }
    synchronized (this) {
      if (phase == Phase.ENDED) {
        return;
      }
      phase = Phase.QUEUED;
    }
    if (!kind.engine.admission().acquire(budget.name(), this)) {
      queued();
      return;
    }
    boolean ended;
    synchronized (this) {
      ended = phase == Phase.ENDED;
      holding = !ended;
    }
    if (ended) {
      kind.engine.admission().release(this);
      return;
    }
    sendAdmitted();
  }

  /**
   * Waits for the admission: local back-pressure, not a failure. The request timeout starts
   * only when the request leaves, but the budget's timeout still ends the wait.
   */
  private void queued() {
    long remaining = budget.remainingNanos();
    int e;
    synchronized (this) {
      if (phase != Phase.QUEUED) {
        return;
      }
      e = epoch;
    }
    arm(e, remaining, () -> onQueueTimeout(e));
  }

  private void onQueueTimeout(int e) {
    Throwable last;
    synchronized (this) {
      if (epoch != e || phase != Phase.QUEUED) {
        return;
      }
      timer = null;
      last = retrying;
    }
    if (kind.engine.admission().withdraw(this)) {
      fail(timedOut(last));
    }
  }

  @Override
  void admitted() {
    Disposable t = null;
    boolean waiting;
    synchronized (this) {
      waiting = phase == Phase.QUEUED;
      if (waiting) {
        holding = true;
        t = timer;
        timer = null;
      }
    }
    if (!waiting) {
      // Ended while the slot was on its way: give it back.
      kind.engine.admission().release(this);
      return;
    }
    if (t != null) {
      t.dispose();
    }
    if (kind.engine.isClosed()) {
      // Admitted by a slot that close() freed: nothing leaves after close.
      pollerClosed();
      return;
    }
    if (budget.remainingNanos() == 0) {
      // Admitted at the deadline: the budget is spent, nothing leaves.
      Throwable last;
      synchronized (this) {
        last = retrying;
      }
      fail(timedOut(last));
      return;
    }
    sendAdmitted();
  }

  /** Sends the attempt that holds an in-flight slot. */
  private void sendAdmitted() {
    int e;
    long now = kind.engine.nanos();
    long timeout = budget.requestTimeoutNanos(now);
    synchronized (this) {
      if (phase == Phase.ENDED) {
        return;
      }
      phase = Phase.TOKEN;
      e = ++epoch;
      retrying = null;
      resent = resend;
      resend = false;
      sentAt = now;
    }
    budget.attemptStarted();
    kind.engine.pollSent(budget.name(), budget.attempts());
    if (!arm(e, timeout, () -> requestTimedOut(e))) {
      return;
    }
    Mono<AccessToken> token;
    try {
      token = kind.engine.tokens().token();
    } catch (RuntimeException failed) {
      failed(e, failed, null);
      return;
    }
    if (token instanceof Fuseable.ScalarCallable) {
      // Mono.just, as a cached token usually is: no subscriber needed.
      AccessToken value;
      try {
        @SuppressWarnings("unchecked")
        AccessToken v = ((Callable<AccessToken>) token).call();
        value = v;
      } catch (Exception failed) {
        failed(e, failed, null);
        return;
      }
      if (value == null) {
        failed(e, noToken(), null);
      } else {
        onToken(e, value);
      }
      return;
    }
    token.subscribe(new CallSignals.TokenSubscriber(this, e));
  }

  TransportException noToken() {
    return TransportException.transientFailure(
        "no access token for " + budget.name() + ": the token source completed without a value",
        null);
  }

  void onToken(int e, AccessToken token) {
    synchronized (this) {
      if (epoch != e || phase != Phase.TOKEN) {
        return;
      }
      phase = Phase.REQUEST;
      inner = null;
    }
    Mono<T> call;
    try {
      call = kind.request.apply(budget.name(), token);
    } catch (RuntimeException failed) {
      failed(e, failed, token);
      return;
    }
    call.subscribe(new CallSignals.RequestSubscriber<>(this, e, token));
  }

  /** The attempt of epoch {@code e} did not end within its request timeout. */
  private void requestTimedOut(int e) {
    Phase was;
    Subscription s;
    long at;
    synchronized (this) {
      if (epoch != e || (phase != Phase.TOKEN && phase != Phase.REQUEST)) {
        return;
      }
      was = phase;
      s = inner;
      inner = null;
      timer = null;
      at = sentAt;
    }
    // The timeout this attempt was sent with, derived rather than kept in a field.
    Duration cut = budget.requestTimeout(at);
    if (s != null) {
      s.cancel();
    }
    Throwable cause = was == Phase.TOKEN
        ? TransportException.transientFailure("no access token within " + cut + " for "
            + budget.name() + ": the token source did not answer", null)
        : new TimeoutException("no answer within " + cut);
    failed(e, cause, null);
  }

  boolean keepInner(int e, Subscription s) {
    synchronized (this) {
      if (epoch == e && phase != Phase.ENDED) {
        inner = s;
        return true;
      }
    }
    s.cancel();
    return false;
  }

  /** Takes the attempt's end for itself: false if a timer or another signal came first. */
  private boolean settle(int e) {
    Disposable t;
    synchronized (this) {
      if (epoch != e || (phase != Phase.TOKEN && phase != Phase.REQUEST)) {
        return false;
      }
      epoch++;
      phase = Phase.WAITING;
      inner = null;
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.dispose();
    }
    releaseSlot();
    return true;
  }

  void succeeded(int e, T value) {
    if (!settle(e)) {
      return;
    }
    budget.succeeded();
    kind.engine.pollAnswered(budget.name(), latency(),
        value == null ? PollOutcome.ANSWERED : kind.outcome.apply(value), null);
    synchronized (this) {
      if (phase == Phase.ENDED) {
        return;
      }
      phase = Phase.ENDED;
    }
    leave();
    if (value != null) {
      actual.onNext(value);
    }
    actual.onComplete();
  }

  /** The attempt of epoch {@code e} failed with {@code error}: retry, re-send, or end. */
  void failed(int e, Throwable error, AccessToken token) {
    if (!settle(e)) {
      // The attempt was abandoned (its timer fired, or the run was cancelled or closed): its
      // late error is expected and goes nowhere, not to onErrorDropped, which logs at ERROR.
      return;
    }
    FailureKind failure = FailureKind.of(error);
    boolean second;
    synchronized (this) {
      second = resent;
    }
    String name = budget.name();
    kind.engine.pollAnswered(name, latency(), Failures.pollOutcome(failure), error);
    Recovery next = Recovery.after(error, failure, second, budget);
    if (token != null && Recovery.dropsToken(failure, second)) {
      kind.engine.tokens().invalidate(token);
    }
    if (next instanceof Recovery.Resend) {
      synchronized (this) {
        resend = true;
      }
      sendNow();
    } else if (next instanceof Recovery.Pause) {
      Duration pause = Recovery.backPressurePause();
      kind.engine.retryScheduled(name, error, pause);
      schedule(pause, error);
    } else if (next instanceof Recovery.Retry retry) {
      budget.failed();
      Duration delay = budget.nextDelay(retry.floor());
      if (retry.coolDown()) {
        kind.engine.admission().coolDown(name, delay);
      }
      kind.engine.retryScheduled(name, error, delay);
      schedule(delay, error);
    } else if (next instanceof Recovery.OutOfBudget out) {
      fail(out.attemptsUsed() ? spent(out.last()) : timedOut(out.last()));
    } else {
      fail(((Recovery.Fail) next).error());
    }
  }

private PollTimeoutException spent(Throwable last) {
    return budget.spent("all " + budget.attempts() + " attempts used", last);
  }

  /** The attempt's latency for the listener; null, and not measured, when there is none. */
  private Duration latency() {
    if (!kind.engine.listening()) {
      return null;
    }
    long at;
    synchronized (this) {
      at = sentAt;
    }
    return Duration.ofNanos(kind.engine.nanos() - at);
  }

  /**
   * Ends the run with {@code error}, translated to the public exceptions. If the run has ended
   * already, its subscriber cancelled or the poller closed (a run ends once): the error is
   * expected and dropped silently, not through onErrorDropped, which logs at ERROR.
   */
  private void fail(Throwable error) {
    if (!end()) {
      return;
    }
    leave();
    Throwable translated = Failures.typed(budget.name(), error);
    if (kind.standalone) {
      kind.engine.gaveUp(translated);
    }
    actual.onError(translated);
  }
}
