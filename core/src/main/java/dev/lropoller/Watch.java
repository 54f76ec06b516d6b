package dev.lropoller;

import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One subscription of {@link OperationPoller#poll}: a demand-driven loop of "wait, then poll
 * until a poll succeeds", ended by {@code done}, by the timeout timer or by the attempt budget.
 */
final class Watch {
  private final PollingEngine engine;
  private final String name;
  private final Budget budget;
  private boolean first = true;
  private volatile boolean finished;

  Watch(PollingEngine engine, String name, PollPolicy policy) {
    this.engine = engine;
    this.name = name;
    this.budget = engine.newBudget(name, policy);
  }

  Flux<Operation> snapshots() {
    // One tick per unit of demand; concatMap without prefetch asks for the next tick only when
    // the previous poll is done and downstream wants more, so nothing is polled ahead of demand.
    Flux<Operation> polls = Flux.<Boolean>generate(sink -> sink.next(Boolean.TRUE))
        .concatMap(tick -> nextSnapshot(), 0)
        .takeUntil(Operation::done)
        .doOnComplete(() -> finished = true);
    return polls
        .takeUntilOther(Mono.delay(budget.policy().timeout(), engine.scheduler()))
        .concatWith(Mono.defer(() -> finished
            ? Mono.<Operation>empty()
            : Mono.error(budget.spent("timeout of " + budget.policy().timeout() + " reached"))))
        .onErrorMap(e -> PollingEngine.translate(name, e));
  }

  private Flux<Operation> nextSnapshot() {
    Duration delay;
    if (first) {
      first = false;
      delay = budget.policy().firstPollDelay();
    } else {
      delay = budget.nextDelay(null);
    }
    return engine.withRetry(budget, delay, () -> engine.fetch(name))
        .flatMapMany(op -> {
          budget.seen(op);
          if (!op.done() && budget.attemptsSpent()) {
            return Flux.just(op).concatWith(Mono.error(
                budget.spent("all " + budget.attempts() + " attempts used")));
          }
          return Flux.just(op);
        });
  }
}
