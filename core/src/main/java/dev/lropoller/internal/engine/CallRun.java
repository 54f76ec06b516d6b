package dev.lropoller.internal.engine;

import dev.lropoller.PollOutcome;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.FailureKind;
import dev.lropoller.spi.TransportException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * One subscription to a {@link Call}: the flow of its attempts. It waits the first delay, then
 * sends attempts (through the poller's {@link Admission}) until one succeeds or
 * {@link Recovery#after} decides to end; it only carries decisions out. Its state and each
 * transition of it are in {@link CallState}: a timer, answer or token whose epoch is over finds
 * its transition refused and is ignored.
 *
 * @param <T> the call's value
 */
final class CallRun<T> extends CallState implements Subscription, PollingEngine.Active {
  final Call.Kind<T> kind;
  final Budget budget;
  final CoreSubscriber<? super T> actual;
  /** Until the first request: then dropped, a jittered delay is an object of its own. */
  private Duration firstDelay;

  CallRun(Call.Kind<T> kind, Budget budget, Duration firstDelay, CoreSubscriber<? super T> actual) {
    this.kind = kind;
    this.budget = budget;
    this.firstDelay = firstDelay;
    this.actual = actual;
  }

  @Override
  PollingEngine engine() {
    return kind.engine;
  }

  @Override
  public void request(long n) {
    if (!Operators.validate(n)) {
      return;
    }
    Duration delay;
    synchronized (this) {
      if (!begin()) {
        return;
      }
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
    int e = await(last);
    if (e == ENDED) {
      return;
    }
    arm(e, delay, thenSend ? () -> onDelay(e) : () -> onDeadline(e));
  }

  /** The delay before an attempt is over: send it. */
  private void onDelay(int e) {
    if (fired(e, Phase.WAITING)) {
      sendNow();
    }
  }

  /** The budget ran out before the next attempt was due: time out, reporting the retried one. */
  private void onDeadline(int e) {
    if (fired(e, Phase.WAITING)) {
      fail(timedOut(retrying()));
    }
  }

  /** Sends an attempt now; a re-send asked for while one is being sent runs after it, looping. */
  private void sendNow() {
    if (!startSending()) {
      return;
    }
    do {
      send();
    } while (sendAgain());
  }

  private void send() {
    if (kind.engine.isClosed()) {
      // Closed while this attempt was due: nothing leaves after close.
      pollerClosed();
      return;
    }
    if (!queue()) {
      return;
    }
    if (!kind.engine.admission().acquire(budget.name(), this)) {
      queued();
      return;
    }
    if (hold()) {
      sendAdmitted();
    }
  }

  /**
   * Waits for the admission: local back-pressure, not a failure. The request timeout starts
   * only when the request leaves, but the budget's timeout still ends the wait.
   */
  private void queued() {
    long remaining = budget.remainingNanos();
    int e = queuedEpoch();
    if (e != ENDED) {
      arm(e, remaining, () -> onQueueTimeout(e));
    }
  }

  private void onQueueTimeout(int e) {
    if (fired(e, Phase.QUEUED) && kind.engine.admission().withdraw(this)) {
      fail(timedOut(retrying()));
    }
  }

  @Override
  long orderBoundNanos() {
    return budget.orderBoundNanos();
  }

  @Override
  long orderKey() {
    return budget.orderKey();
  }

  @Override
  void admitted() {
    if (!admit()) {
      return;
    }
    if (kind.engine.isClosed()) {
      // Admitted by a slot that close() freed: nothing leaves after close.
      pollerClosed();
      return;
    }
    if (budget.remainingNanos() == 0) {
      // Admitted at the deadline: the budget is spent, nothing leaves.
      fail(timedOut(retrying()));
      return;
    }
    sendAdmitted();
  }

  /** Sends the attempt that holds an in-flight slot. */
  private void sendAdmitted() {
    long now = kind.engine.nanos();
    long timeout = budget.requestTimeoutNanos(now);
    int e = sent(now);
    if (e == ENDED) {
      return;
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
    if (!tokenArrived(e)) {
      return;
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
    Phase was = expire(e);
    if (was == null) {
      return;
    }
    // The timeout this attempt was sent with, derived rather than kept in a field.
    Duration cut = budget.requestTimeout(sentAt());
    Throwable cause = was == Phase.TOKEN
        ? TransportException.transientFailure("no access token within " + cut + " for "
            + budget.name() + ": the token source did not answer", null)
        : new TimeoutException("no answer within " + cut);
    failed(e, cause, null);
  }

  void succeeded(int e, T value) {
    if (!settle(e)) {
      return;
    }
    budget.succeeded();
    kind.engine.pollAnswered(budget.name(), latency(),
        value == null ? PollOutcome.ANSWERED : kind.outcome.apply(value), null);
    if (!complete()) {
      return;
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
    boolean second = resent();
    String name = budget.name();
    kind.engine.pollAnswered(name, latency(), Failures.pollOutcome(failure), error);
    Recovery next = Recovery.after(error, failure, second, budget);
    if (token != null && Recovery.dropsToken(failure, second)) {
      kind.engine.tokens().invalidate(token);
    }
    if (next instanceof Recovery.Resend) {
      resendNext();
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
    return Duration.ofNanos(kind.engine.nanos() - sentAt());
  }

  /**
   * Ends the run with {@code error}, translated to the public exceptions. If the run has ended
   * already, its subscriber cancelled or the poller closed (a run ends once): the error is
   * expected and dropped silently, not through onErrorDropped, which logs at ERROR.
   */
  @Override
  void fail(Throwable error) {
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
