package dev.lropoller.internal.engine;

import dev.lropoller.spi.BudgetDecision;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * One ask of a lane to its {@link BudgetPort}. It is a ticket of the lane's {@link Admission}: it
 * takes its in-flight slot in the lane's turn, and the admission's pump starts it, outside the
 * lock and never nested in another admission; the answer, on whatever thread the port completes
 * it, goes back to {@link Admission#asked}, once.
 */
final class BudgetAsk extends Admission.Ticket implements CoreSubscriber<BudgetDecision> {
  private final Admission admission;
  private final Lane lane;
  private final BudgetPort port;
  private final int perMinute;
  // Set once, by the first signal: the port's Mono is expected to send one.
  private boolean done;

  BudgetAsk(Admission admission, Lane lane, BudgetPort port, int perMinute) {
    this.admission = admission;
    this.lane = lane;
    this.port = port;
    this.perMinute = perMinute;
  }

  /** The ask's turn came: asks the port. */
  @Override
  void admitted() {
    Mono<BudgetDecision> ask;
    try {
      ask = port.budget.acquire(lane.project, perMinute, port.pendingBound);
      if (ask == null) {
        throw new NullPointerException("RequestBudget.acquire returned null");
      }
    } catch (RuntimeException failed) {
      answer(null, failed);
      return;
    }
    ask.subscribe(this);
  }

  @Override
  public void onSubscribe(Subscription s) {
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(BudgetDecision decision) {
    // Never null: Reactive Streams forbids a null onNext, and Reactor enforces it.
    answer(decision, null);
  }

  @Override
  public void onError(Throwable failure) {
    answer(null, failure);
  }

  @Override
  public void onComplete() {
    answer(null, new IllegalStateException(
        "RequestBudget.acquire completed without a decision for " + lane.project));
  }

  private void answer(BudgetDecision decision, Throwable failure) {
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
    }
    admission.asked(lane, decision, failure);
  }
}
