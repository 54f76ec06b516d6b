package dev.lropoller.internal.engine;

import dev.lropoller.spi.BudgetDecision;
import dev.lropoller.spi.RequestBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A {@link RequestBudget} whose asks wait in {@link Sinks} until the test answers them, in order:
 * an asynchronous port like a remote one, under the test's control. Records every call.
 */
final class ScriptedBudget implements RequestBudget {
  /** One ask, answered by the test. */
  record Ask(String key, int perMinute, Duration pendingBound, Sinks.One<BudgetDecision> answer) {
    void grant(String slotId) {
      answer.tryEmitValue(new BudgetDecision.Granted(slotId)).orThrow();
    }

    void waitFor(Duration retryAfter) {
      answer.tryEmitValue(new BudgetDecision.Wait(retryAfter)).orThrow();
    }

    void fail(Throwable failure) {
      answer.tryEmitError(failure).orThrow();
    }
  }

  private final List<Ask> asks = new ArrayList<>();
  private int answeredUpTo;
  final List<String> answered = new ArrayList<>();
  final List<String> coolDowns = new ArrayList<>();
  /** Whether {@link #answered} fails (after recording), as an unreachable store's would. */
  volatile boolean answeredFails;

  @Override
  public synchronized Mono<BudgetDecision> acquire(String key, int perMinute, Duration bound) {
    Sinks.One<BudgetDecision> answer = Sinks.one();
    asks.add(new Ask(key, perMinute, bound, answer));
    return answer.asMono();
  }

  @Override
  public Mono<Void> answered(String key, String slotId) {
    return Mono.fromRunnable(() -> {
      synchronized (this) {
        answered.add(key + " " + slotId);
      }
      if (answeredFails) {
        throw new IllegalStateException("store unreachable");
      }
    });
  }

  @Override
  public Mono<Void> coolDown(String key, Duration duration) {
    return Mono.fromRunnable(() -> {
      synchronized (this) {
        coolDowns.add(key + " " + duration);
      }
    });
  }

  /** How many asks were made so far. */
  synchronized int askCount() {
    return asks.size();
  }

  /** The asks not yet taken by {@link #next}. */
  synchronized int unanswered() {
    return asks.size() - answeredUpTo;
  }

  /** The oldest ask not yet taken; fails the test if there is none. */
  /** Grants every outstanding ask, and every ask those grants start, until none is left. */
  void grantAll() {
    int n = 0;
    while (unanswered() > 0) {
      next().grant("all-" + n++);
    }
  }

  /** Fails every outstanding ask with {@code failure}, and every ask that starts meanwhile. */
  void answerAll(Throwable failure) {
    while (unanswered() > 0) {
      next().fail(failure);
    }
  }

  synchronized Ask next() {
    if (answeredUpTo == asks.size()) {
      throw new AssertionError("no ask outstanding; asks so far: " + asks.size());
    }
    return asks.get(answeredUpTo++);
  }
}
