package dev.lropoller;

import java.time.Duration;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One subscription of {@link OperationPoller#poll}: "wait, then poll until a poll succeeds", once
 * per unit of demand. At most one poll is pending at a time, and the next one is scheduled only
 * when the previous snapshot was delivered and downstream wants another. Ends after a
 * {@code done} snapshot, after the last allowed attempt, with the first non-retryable error, or
 * when the poller closes; the timeout is checked by each poll's {@link Call} whenever it
 * schedules a request.
 */
final class Watch extends Flux<Operation> {
  private final PollingEngine engine;
  private final String name;
  private final PollPolicy policy;

  Watch(PollingEngine engine, String name, PollPolicy policy) {
    this.engine = engine;
    this.name = name;
    this.policy = policy;
  }

  @Override
  public void subscribe(CoreSubscriber<? super Operation> actual) {
    Loop loop = new Loop(actual, engine.newBudget(name, policy));
    engine.watchStarted(name);
    // Registered before the first request, which may end the watch at once (and leave).
    if (!engine.enter(loop)) {
      loop.finish();
      loop.ended(WatchOutcome.CLOSED);
      Operators.error(actual, new PollerClosedException(name));
      return;
    }
    actual.onSubscribe(loop);
    loop.subscribed();
  }

  private final class Loop implements Subscription, PollingEngine.Active {
    private final CoreSubscriber<? super Operation> actual;
    private final Budget budget;
    private final Disposable.Swap pending = Disposables.swap();

    // Guarded by this; only flags and counters, never a signal or a subscription.
    private long demand;
    private boolean polling;
    private boolean finished;
    private boolean first = true;
    private boolean ready;
    private boolean closedEarly;

    Loop(CoreSubscriber<? super Operation> actual, Budget budget) {
      this.actual = actual;
      this.budget = budget;
    }

    @Override
    public void request(long n) {
      if (!Operators.validate(n)) {
        return;
      }
      synchronized (this) {
        demand = Operators.addCap(demand, n);
        if (polling || finished) {
          return;
        }
        polling = true;
      }
      pollNext();
    }

    @Override
    public void cancel() {
      if (finish()) {
        pending.dispose();
        ended(WatchOutcome.UNSUBSCRIBED);
      }
    }

    @Override
    public void pollerClosed() {
      if (finish()) {
        pending.dispose();
        ended(WatchOutcome.CLOSED);
        synchronized (this) {
          if (!ready) {
            // Closed while onSubscribe was running: the error follows it, in subscribed().
            closedEarly = true;
            return;
          }
        }
        actual.onError(new PollerClosedException(name));
      }
    }

    /** The subscriber has had onSubscribe: signals may follow. */
    void subscribed() {
      boolean closed;
      synchronized (this) {
        ready = true;
        closed = closedEarly;
      }
      if (closed) {
        actual.onError(new PollerClosedException(name));
      }
    }

    /** Marks the watch finished; true for the one caller that did it. */
    boolean finish() {
      synchronized (this) {
        if (finished) {
          return false;
        }
        finished = true;
        return true;
      }
    }

    void ended(WatchOutcome outcome) {
      engine.leave(this);
      engine.watchEnded(name, outcome, budget.elapsed(), budget.attempts());
    }

    private void pollNext() {
      Duration delay;
      if (first) {
        first = false;
        delay = budget.policy().firstPollDelay();
      } else {
        delay = budget.nextDelay(null);
      }
      Mono<Operation> poll = engine.fetch(budget, delay, false);
      // Registered before subscribing: a poll may answer synchronously and start the next one.
      PollSubscriber subscriber = new PollSubscriber();
      pending.update(subscriber);
      poll.subscribe(subscriber);
    }

    private void onSnapshot(Operation op) {
      synchronized (this) {
        if (finished) {
          return;
        }
      }
      budget.seen(op);
      actual.onNext(op);
      boolean last = op.done() || budget.attemptsSpent();
      boolean next;
      synchronized (this) {
        if (finished) {
          return;
        }
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        finished = last;
        next = !last && demand > 0;
        polling = next;
      }
      if (op.done()) {
        RpcStatus error = op.error().orElse(null);
        ended(error == null ? WatchOutcome.DONE
            : error.code() == RpcCode.CANCELLED ? WatchOutcome.CANCELLED : WatchOutcome.FAILED);
        actual.onComplete();
      } else if (last) {
        PollTimeoutException spent = budget.spent("all " + budget.attempts() + " attempts used");
        engine.gaveUp(spent);
        ended(WatchOutcome.TIMEOUT);
        actual.onError(spent);
      } else if (next) {
        pollNext();
      }
    }

    /** Receives one poll's outcome; disposing it cancels that poll's timer or request. */
    private final class PollSubscriber extends BaseSubscriber<Operation> {
      @Override
      protected void hookOnNext(Operation op) {
        onSnapshot(op);
      }

      @Override
      protected void hookOnError(Throwable e) {
        onFailure(e);
      }

      @Override
      public Context currentContext() {
        return actual.currentContext();
      }
    }

    private void onFailure(Throwable e) {
      if (!finish()) {
        Operators.onErrorDropped(e, actual.currentContext());
        return;
      }
      Throwable error = PollingEngine.translate(name, e);
      engine.gaveUp(error);
      ended(error instanceof PollTimeoutException ? WatchOutcome.TIMEOUT
          : error instanceof RetriesExhaustedException ? WatchOutcome.RETRIES_EXHAUSTED
          : error instanceof PollerClosedException ? WatchOutcome.CLOSED
          : WatchOutcome.ERROR);
      actual.onError(error);
    }
  }
}
