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
 * {@code done} snapshot, after the last allowed attempt, or with the first non-retryable error;
 * the timeout is checked by {@link PollingEngine#withRetry} whenever it schedules a poll.
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
    actual.onSubscribe(new Loop(actual, engine.newBudget(name, policy)));
  }

  private final class Loop implements Subscription {
    private final CoreSubscriber<? super Operation> actual;
    private final Budget budget;
    private final Disposable.Swap pending = Disposables.swap();

    // Guarded by this; only flags and counters, never a signal or a subscription.
    private long demand;
    private boolean polling;
    private boolean finished;
    private boolean first = true;

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
      synchronized (this) {
        finished = true;
      }
      pending.dispose();
    }

    private void pollNext() {
      Duration delay;
      if (first) {
        first = false;
        delay = budget.policy().firstPollDelay();
      } else {
        delay = budget.nextDelay(null);
      }
      Mono<Operation> poll = engine.withRetry(budget, delay, () -> engine.fetch(budget));
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
        actual.onComplete();
      } else if (last) {
        actual.onError(budget.spent("all " + budget.attempts() + " attempts used"));
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
      synchronized (this) {
        if (finished) {
          Operators.onErrorDropped(e, actual.currentContext());
          return;
        }
        finished = true;
      }
      actual.onError(PollingEngine.translate(name, e));
    }
  }
}
