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
    // One tick per poll. concatMap without prefetch takes the next tick only after the previous
    // poll; OnDemand holds that poll back until downstream requests it, so nothing is polled
    // ahead of demand. Spent attempts end the stream right after the last snapshot, even
    // without further demand.
    Flux<Operation> polls = Flux.<Boolean>generate(sink -> sink.next(Boolean.TRUE))
        .concatMap(tick -> OnDemand.mono(this::nextSnapshot), 0)
        .takeUntil(op -> op.done() || budget.attemptsSpent())
        .concatWith(Mono.defer(() -> budget.lastSeenDone()
            ? Mono.empty()
            : Mono.error(budget.spent("all " + budget.attempts() + " attempts used"))))
        .doOnComplete(() -> finished = true);
    return polls
        .takeUntilOther(Mono.delay(budget.policy().timeout(), engine.scheduler()))
        .concatWith(Mono.defer(() -> finished
            ? Mono.<Operation>empty()
            : Mono.error(budget.spent("timeout of " + budget.policy().timeout() + " reached"))))
        .onErrorMap(e -> PollingEngine.translate(name, e));
  }

  private Mono<Operation> nextSnapshot() {
    Duration delay;
    if (first) {
      first = false;
      delay = budget.policy().firstPollDelay();
    } else {
      delay = budget.nextDelay(null);
    }
    return engine.withRetry(budget, delay, () -> engine.fetch(name))
        .doOnNext(budget::seen);
  }
}
