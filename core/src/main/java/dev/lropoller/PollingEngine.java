package dev.lropoller;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.spi.TransportException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The polling logic behind {@link OperationPoller}: auth refresh, request timeouts, transient
 * retry with backoff, and translation of transport failures into the public exceptions. Knows the
 * outside world only through the two ports.
 */
final class PollingEngine {
  private final OperationsTransport transport;
  private final AccessTokenSource tokens;
  private final PollPolicy policy;
  private final Scheduler scheduler;
  private final PollListener listener;
  private volatile boolean closed;

  PollingEngine(
      OperationsTransport transport, AccessTokenSource tokens, PollPolicy policy,
      Scheduler scheduler, PollListener listener) {
    this.transport = transport;
    this.tokens = tokens;
    this.policy = policy;
    this.scheduler = scheduler;
    this.listener = listener;
  }

  /** Refuses new watches and calls from now on. */
  void close() {
    closed = true;
  }

  boolean isClosed() {
    return closed;
  }

  PollPolicy policy() {
    return policy;
  }

  Flux<Operation> poll(String name, PollPolicy watchPolicy) {
    return new Watch(this, name, watchPolicy);
  }

  Mono<Operation> get(String name) {
    return Mono.defer(() -> {
      Budget budget = newBudget(name, policy);
      return withRetry(budget, Duration.ZERO, () -> fetch(budget));
    }).onErrorMap(e -> translate(name, e));
  }

  <T> Mono<T> result(Flux<Operation> snapshots, ResponseType<T> type) {
    return snapshots.last().handle((op, sink) -> {
      RpcStatus error = op.error().orElse(null);
      if (error != null) {
        sink.error(error.code() == RpcCode.CANCELLED
            ? new OperationCancelledException(op, error)
            : new OperationFailedException(op, error));
        return;
      }
      T value;
      try {
        value = type.read(op);
      } catch (UnexpectedResponseException e) {
        sink.error(e);
        return;
      }
      if (value != null) {
        sink.next(value);
      }
    });
  }

  Mono<Void> cancel(String name) {
    return oneCall(name, token -> transport.cancelOperation(name, token));
  }

  Mono<Void> delete(String name) {
    return oneCall(name, token -> transport.deleteOperation(name, token));
  }

  Flux<Operation> list(String parent, String filter) {
    return listFrom(parent, filter, "");
  }

  private Flux<Operation> listFrom(String parent, String filter, String pageToken) {
    return OnDemand.flux(() -> {
      Budget budget = newBudget(parent, policy);
      return withRetry(budget, Duration.ZERO,
          () -> authorized(budget, t -> transport.listOperations(parent, filter, 0, pageToken, t))
              .map(body -> OperationsPage.parse(parent, body)))
          .onErrorMap(e -> translate(parent, e))
          .flatMapMany(page -> page.nextPageToken().isEmpty()
              ? Flux.fromIterable(page.operations())
              : Flux.fromIterable(page.operations())
                  .concatWith(listFrom(parent, filter, page.nextPageToken())));
    });
  }

  private Mono<Void> oneCall(String name, Function<AccessToken, Mono<Void>> call) {
    return Mono.defer(() -> {
      Budget budget = newBudget(name, policy);
      return withRetry(budget, Duration.ZERO, () -> authorized(budget, call));
    }).onErrorMap(e -> translate(name, e));
  }

  Budget newBudget(String name, PollPolicy p) {
    return new Budget(name, p, scheduler);
  }

  /** One GET, parsed; an unreadable body is a transient failure, another operation is not. */
  Mono<Operation> fetch(Budget budget) {
    String name = budget.name();
    return authorized(budget, token -> transport.getOperation(name, token))
        .map(body -> parse(name, body));
  }

  private static Operation parse(String name, byte[] body) {
    Operation op;
    try {
      op = Operation.parse(body);
    } catch (UnexpectedResponseException e) {
      throw TransportException.transientFailure(
          "unreadable 200 body for " + name + ": " + e.getMessage(), e);
    }
    // The service may answer with the project number where the caller used the id: compare ids.
    if (!op.id().equals(ResourceNames.lastSegment(name))) {
      throw new UnexpectedResponseException(
          name, "asked for operation " + name + " but the answer is about " + op.name());
    }
    return op;
  }

  /**
   * Sends {@code call} with the current token. On HTTP 401 the token is dropped and the call is
   * sent once more at once with a fresh one; a second 401 is final.
   */
  <T> Mono<T> authorized(Budget budget, Function<AccessToken, Mono<T>> call) {
    return tokens.token().flatMap(token -> timed(budget, call.apply(token))
        .onErrorResume(PollingEngine::isUnauthorized, first -> {
          tokens.invalidate(token);
          return tokens.token()
              .flatMap(fresh -> timed(budget, call.apply(fresh)))
              .onErrorMap(PollingEngine::isUnauthorized,
                  second -> unauthenticated(budget.name(), second));
        }));
  }

  /** Bounds a request by the request timeout, and by what is left of the watch's budget. */
  private <T> Mono<T> timed(Budget budget, Mono<T> call) {
    Duration limit = budget.requestTimeout();
    // The fallback form: timeout(Duration) names its operator chain on every assembly, which
    // showed up in profiles since a new chain is assembled for each request.
    return call.timeout(Mono.delay(limit, scheduler),
        Mono.error(() -> new TimeoutException("no answer within " + limit)));
  }

  /**
   * Runs {@code call} after {@code delay}; on a transient failure runs it again after the next
   * backoff delay (never sooner than the server asked), until it succeeds, fails otherwise, or
   * the budget's failure or attempt limit is reached.
   */
  <T> Mono<T> withRetry(Budget budget, Duration delay, Supplier<Mono<T>> call) {
    Duration remaining = budget.remaining();
    if (delay.compareTo(remaining) >= 0) {
      // The budget runs out before the call is due: wait for that moment, not for the call.
      Mono<T> timedOut = Mono.error(budget::timedOut);
      return remaining.isZero() ? timedOut : Mono.delay(remaining, scheduler).then(timedOut);
    }
    Mono<T> attempt = Mono.defer(() -> {
      budget.attemptStarted();
      return call.get();
    }).doOnSuccess(ignored -> budget.succeeded());
    Mono<T> delayed = delay.isZero() ? attempt : Mono.delay(delay, scheduler).then(attempt);
    return delayed.onErrorResume(PollingEngine::isTransient, e -> {
      if (budget.remaining().isZero()) {
        PollTimeoutException spent = budget.timedOut();
        spent.addSuppressed(e);
        return Mono.error(spent);
      }
      int failures = budget.failed();
      if (failures >= budget.policy().maxConsecutiveFailures()) {
        return Mono.error(new RetriesExhaustedException(budget.name(), failures, e));
      }
      if (budget.attemptsSpent()) {
        PollTimeoutException spent = budget.spent("all " + budget.attempts() + " attempts used");
        spent.addSuppressed(e);
        return Mono.error(spent);
      }
      Duration floor = e instanceof TransportException
          ? ((TransportException) e).retryAfter().orElse(null) : null;
      return withRetry(budget, budget.nextDelay(floor), call);
    });
  }

  static boolean isTransient(Throwable e) {
    if (e instanceof TransportException) {
      return ((TransportException) e).retryable();
    }
    return e instanceof TimeoutException;
  }

  private static boolean isUnauthorized(Throwable e) {
    return e instanceof TransportException && ((TransportException) e).isUnauthorized();
  }

  private static ApiCallException unauthenticated(String name, Throwable second) {
    TransportException t = (TransportException) second;
    RpcStatus body = t.statusOrDerived();
    RpcStatus status = body.code() == RpcCode.UNAUTHENTICATED
        ? body
        : RpcStatus.of(RpcCode.UNAUTHENTICATED,
            "the server rejected a freshly refreshed token: " + body.message());
    return new ApiCallException(name, 401, status);
  }

  /** Turns what a transport reports into the public exceptions; leaves those already public. */
  static Throwable translate(String name, Throwable e) {
    if (!(e instanceof TransportException)) {
      return e;
    }
    TransportException t = (TransportException) e;
    if (t.isCredentialsFailure()) {
      return new CredentialsException(name, t.getMessage(), t);
    }
    if (t.httpStatus() == 404) {
      return new OperationNotFoundException(name, t.statusOrDerived());
    }
    if (t.httpStatus() != 0) {
      return new ApiCallException(name, t.httpStatus(), t.statusOrDerived());
    }
    return new UnexpectedResponseException(name, t.getMessage(), t);
  }

  @Override
  public String toString() {
    return "transport=" + transport.getClass().getSimpleName() + ", tokens=" + tokens
        + ", policy=" + policy + ", scheduler=" + scheduler;
  }
}
