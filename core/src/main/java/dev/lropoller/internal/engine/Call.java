package dev.lropoller.internal.engine;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollOutcome;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.spi.AccessToken;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * One call with its retries, as a small state machine: wait the first delay, then send attempts
 * until one succeeds, one fails for good, or the budget's time, failures in a row or attempts
 * are spent. An attempt is "get a token, then send the request", both under one request timer
 * that is cut to what is left of the budget. An HTTP 401 drops the token and sends the request
 * once more at once; that re-send is an attempt too. Every step runs from the previous step's
 * callback or timer, never from inside it, so the stack does not grow with the number of
 * retries. Each subscription runs as a {@link CallRun} (the mechanics: timers, epochs,
 * signals, in-flight slots); what follows a failure is decided by {@link Recovery#after}.
 *
 * @param <T> the call's value
 */
final class Call<T> extends Mono<T> {
  private final Kind<T> kind;
  private final Budget budget;
  private final Duration firstDelay;

  /**
   * What a call sends and how its answer counts: one per kind of call, shared by every call of
   * that kind, so a waiting poll holds none of it.
   *
   * @param <T> the call's value
   */
  static final class Kind<T> {
    final PollingEngine engine;
    final BiFunction<String, AccessToken, Mono<T>> request;
    final Function<? super T, PollOutcome> outcome;
    final boolean emptyIsSuccess;
    final boolean standalone;

    private Kind(
        PollingEngine engine, BiFunction<String, AccessToken, Mono<T>> request,
        Function<? super T, PollOutcome> outcome, boolean emptyIsSuccess, boolean standalone) {
      this.engine = engine;
      this.request = request;
      this.outcome = outcome;
      this.emptyIsSuccess = emptyIsSuccess;
      this.standalone = standalone;
    }

    /**
     * One poll of a watch: the watch ends it (it does not register for close itself), and an
     * empty answer is a transient failure.
     *
     * @param request sends one attempt: the budget's name and a token to the request's answer
     * @param outcome how a value is reported to the listener
     */
    static <T> Kind<T> watchPoll(
        PollingEngine engine, BiFunction<String, AccessToken, Mono<T>> request,
        Function<? super T, PollOutcome> outcome) {
      return new Kind<>(engine, request, outcome, false, false);
    }

    /**
     * A whole call with a value (get, a list page): registers for {@link OperationPoller#close()}
     * itself; an empty answer is a transient failure.
     */
    static <T> Kind<T> standalone(
        PollingEngine engine, BiFunction<String, AccessToken, Mono<T>> request,
        Function<? super T, PollOutcome> outcome) {
      return new Kind<>(engine, request, outcome, false, true);
    }

    /**
     * A whole call whose port completes empty on success (cancel, delete), reported as
     * {@link PollOutcome#ANSWERED}; registers for {@link OperationPoller#close()} itself.
     */
    static Kind<Void> standaloneEmpty(
        PollingEngine engine, BiFunction<String, AccessToken, Mono<Void>> request) {
      return new Kind<>(engine, request, null, true, true);
    }
  }

  Call(Kind<T> kind, Budget budget, Duration firstDelay) {
    this.kind = kind;
    this.budget = budget;
    this.firstDelay = firstDelay;
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    if (kind.standalone && kind.engine.isClosed()) {
      Operators.error(actual, new PollerClosedException(budget.name()));
      return;
    }
    // The run copies what it needs: this descriptor is not kept while the call waits.
    actual.onSubscribe(new CallRun<>(kind, budget, firstDelay, actual));
  }
}
