package dev.lropoller;

import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.LroException;
import dev.lropoller.error.OperationCancelledException;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.error.OperationNotFoundException;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.engine.PollingEngine;
import dev.lropoller.model.ModelRef;
import dev.lropoller.model.Operation;
import dev.lropoller.model.ResourceNames;
import dev.lropoller.model.ResponseType;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.OperationsTransport;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Watches long-running operations. Thread-safe and cheap to share: one per application is
 * normal, and one poller watches thousands of operations from its scheduler's threads.
 *
 * <p>Every method is lazy (nothing is sent before subscription) and validates its arguments at
 * call time: a malformed name throws {@link IllegalArgumentException} quoting it, before any
 * request exists. A watch is one polling loop per operation name and policy: concurrent
 * subscribers of the same name with an equal policy share it (see
 * {@link #poll(String) shared watches}), and each loop has its own schedule and budget.
 *
 * <p>Failures of single requests (HTTP 429, 500, 502, 503, 504, connection errors, request
 * timeouts, unreadable bodies, an answer or a token source that completes without a value) are
 * retried with the policy's backoff and never emitted; an HTTP 401 refreshes the token once and
 * retries at once. What cannot be retried ends the stream with an {@link LroException}: see
 * each method. The engine logs through {@code reactor.util.Loggers} (SLF4J when present): DEBUG
 * for each request and each retry, one WARN when a watch or call gives up (timeout, retries
 * exhausted); never a token.
 *
 * <p>Adapters build it: {@code GoogleOperationPoller.builder()} in
 * {@code lro-poller-reactor-adapter} for Google's REST endpoints, or {@link #builder} with any
 * {@link OperationsTransport}.
 */
public final class OperationPoller implements AutoCloseable {
  /**
   * The default of {@link Builder#maxInFlight}: 256 requests in flight for the whole poller.
   * Below the 500 connections of {@code GoogleOperationPoller}'s own pool, so requests wait in
   * the engine's fair per-project queues (holding no thread and no pool slot) rather than in
   * the connection pool's pending-acquire queue, whose limit turns waiting into failures; and at
   * a typical 50 ms answer time still about 5,000 polls per second, far above what the API's
   * per-project quotas allow.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  /**
   * The per-project request rate of AutoML's published default quota: 600 non-prediction
   * requests per minute per project. Not applied unless passed to
   * {@link Builder#maxRequestsPerMinute}.
   */
  public static final int AUTOML_REQUESTS_PER_MINUTE = 600;
  private final PollingEngine engine;
  private final JobWatcher jobs;
  private final List<AutoCloseable> resources;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Made by {@link PollerBuilder#newPoller}. */
  OperationPoller(PollingEngine engine, List<AutoCloseable> resources) {
    this.engine = engine;
    this.jobs = new JobWatcher(engine);
    this.resources = resources;
  }

  /**
   * Starts building a poller on {@code transport}.
   *
   * @param transport sends the REST calls
   * @return a builder with the defaults: no credentials, {@link PollPolicy#defaults()},
   *     {@link Schedulers#parallel()}
   */
  public static Builder builder(OperationsTransport transport) {
    return new Builder(Objects.requireNonNull(transport, "transport"));
  }

  /**
   * Watches {@code name}: polls it on the policy's schedule and emits each successful poll's
   * snapshot, in order. Completes right after emitting the first snapshot with
   * {@code done == true}, including one that carries an {@code error}: the stream reports, and
   * {@link #result} judges.
   *
   * <p>The first poll is sent {@link PollPolicy#firstPollDelay()} after subscription. The next
   * poll is not sent before downstream demand. Cancelling the subscription cancels the pending
   * timer and the request in flight.
   *
   * <p><b>Shared watches.</b> Concurrent subscribers of the same name and an equal policy on this
   * poller share one polling loop: K subscribers cause one request per interval, not K. This
   * holds for {@link #result}, {@link #model} and {@link #completion} too, which subscribe here.
   * <ul>
   *   <li>A subscriber that joins a running loop gets that loop's latest snapshot at once (on
   *       its first demand), then the live stream; the loop's timeout, attempts and backoff are
   *       the loop's, counted from its start.
   *   <li>Each subscriber keeps only the latest snapshot it has not had yet: a slow subscriber
   *       skips intermediate snapshots (snapshots are state), never the {@code done} one, and
   *       never holds back a fast one; nothing is buffered beyond one snapshot per subscriber.
   *   <li>The loop polls while at least one subscriber has demand; when the last subscriber
   *       cancels, the pending timer and request are cancelled and no request follows.
   *   <li>Errors go to every subscriber. {@link #close()} ends every loop.
   *   <li>A subscriber that arrives after the {@code done} snapshot starts a fresh loop: no
   *       result is cached.
   *   <li>{@link PollListener#watchStarted} and {@link PollListener#watchEnded} are reported
   *       once per shared loop, not per subscriber.
   * </ul>
   *
   * <p><b>Resume.</b> When the first snapshot of a loop shows an operation that is already old
   * ({@code metadata.createTime}), the backoff continues where a watch started at its creation
   * would be by now: a three-hour-old training run is polled at the maximum interval. When more
   * than 100 loops start within one initial interval (a mass resume after a restart), the first
   * polls of the loops beyond those 100 are spread at random over that interval; a loop that
   * starts outside such a burst is polled at {@code firstPollDelay} as before.
   *
   * <p><b>Budgets.</b> Every request waits for the poller's {@link Builder#maxInFlight} and its
   * project's {@link Builder#maxRequestsPerMinute} and cool-down; that wait is not a failure.
   *
   * <p>Errors: {@link PollTimeoutException} when the timeout or attempts are spent,
   * {@link RetriesExhaustedException} after too many transient failures in a row,
   * {@link OperationNotFoundException} for 404, {@link ApiCallException} for other
   * non-retryable answers (a second 401 in a row included), {@link UnexpectedResponseException}
   * for a snapshot of another operation, {@link PollerClosedException} when the poller is
   * closed.
   *
   * @param name an operation name ending in {@code operations/{id}}
   * @return the snapshots
   * @throws IllegalArgumentException if {@code name} is malformed; the message quotes it
   */
  public Flux<Operation> poll(String name) {
    return engine.poll(ResourceNames.checkOperationName(name), engine.policy());
  }

  /**
   * Like {@link #poll(String)}, with another policy for this watch only.
   *
   * @param name an operation name ending in {@code operations/{id}}
   * @param policy the schedule and budget of this watch
   * @return the snapshots
   * @throws IllegalArgumentException if {@code name} is malformed; the message quotes it
   */
  public Flux<Operation> poll(String name, PollPolicy policy) {
    return engine.poll(
        ResourceNames.checkOperationName(name), Objects.requireNonNull(policy, "policy"));
  }

  /**
   * One {@code GET} of the operation, with the same auth refresh and transient retry as
   * {@link #poll}.
   *
   * @param name an operation name ending in {@code operations/{id}}
   * @return the current snapshot, done or not
   * @throws IllegalArgumentException if {@code name} is malformed; the message quotes it
   */
  public Mono<Operation> get(String name) {
    return engine.get(ResourceNames.checkOperationName(name));
  }

  /**
   * Polls to the end and maps the outcome: the response read by {@code type}, or an error.
   *
   * <p>Errors, besides those of {@link #poll}: {@link OperationFailedException} when the
   * operation ended with an {@code error} ({@link OperationCancelledException} for code 1,
   * CANCELLED), {@link UnexpectedResponseException} when the response has another
   * {@code @type} or is missing while {@code type} needs one.
   *
   * @param name an operation name ending in {@code operations/{id}}
   * @param type how to read the response; {@link ResponseType#EMPTY} completes empty
   * @param <T> the result type
   * @return the result
   * @throws IllegalArgumentException if {@code name} is malformed; the message quotes it
   */
  public <T> Mono<T> result(String name, ResponseType<T> type) {
    Objects.requireNonNull(type, "type");
    return engine.result(poll(name), type);
  }

  /**
   * Waits for a model-producing operation (such as CreateModel) and reads the model.
   * Same as {@code result(name, ResponseType.MODEL)}.
   *
   * @param name an operation name ending in {@code operations/{id}}
   * @return the model reference
   * @throws IllegalArgumentException if {@code name} is malformed; the message quotes it
   */
  public Mono<ModelRef> model(String name) {
    return result(name, ResponseType.MODEL);
  }

  /**
   * Waits for an operation whose response is {@code google.protobuf.Empty} (import, delete,
   * deploy, …). Same as {@code result(name, ResponseType.EMPTY)}: completes empty on success.
   *
   * @param name an operation name ending in {@code operations/{id}}
   * @return completes when the operation succeeded
   * @throws IllegalArgumentException if {@code name} is malformed; the message quotes it
   */
  public Mono<Void> completion(String name) {
    return result(name, ResponseType.EMPTY);
  }

  /**
   * Asks the server to cancel the operation ({@code POST :cancel}). Best effort, as the API
   * says: the operation may still finish, and a cancelled one ends with error code 1, which a
   * running {@link #result} reports as {@link OperationCancelledException}.
   *
   * @param name an operation name ending in {@code operations/{id}}
   * @return completes when the server accepted the request
   * @throws IllegalArgumentException if {@code name} is malformed; the message quotes it
   */
  public Mono<Void> cancel(String name) {
    return engine.cancel(ResourceNames.checkOperationName(name));
  }

  /**
   * Deletes the operation record ({@code DELETE}). This does not cancel the work.
   *
   * @param name an operation name ending in {@code operations/{id}}
   * @return completes when the server accepted the request
   * @throws IllegalArgumentException if {@code name} is malformed; the message quotes it
   */
  public Mono<Void> delete(String name) {
    return engine.delete(ResourceNames.checkOperationName(name));
  }

  /**
   * Watches Vertex AI jobs and pipelines by their state, on this poller's engine: its policy,
   * budgets, shared loops, token source and scheduler. Closing this poller ends their watches.
   *
   * @return the job calls of this poller
   */
  public JobWatcher jobs() {
    return jobs;
  }

  /**
   * Lists the operations under {@code parent}, fetching each page only when the previous one
   * has been consumed.
   *
   * @param parent such as {@code projects/p/locations/us-central1}
   * @param filter a list filter such as {@code done=false}, or {@code ""} for all
   * @return the operations, page after page
   * @throws IllegalArgumentException if {@code parent} is malformed; the message quotes it
   */
  public Flux<Operation> list(String parent, String filter) {
    Objects.requireNonNull(filter, "filter");
    return engine.list(ResourceNames.checkPath("parent", parent), filter);
  }

  /**
   * The policy every watch uses unless {@link #poll(String, PollPolicy)} gives another.
   *
   * @return the default policy of this poller
   */
  public PollPolicy policy() {
    return engine.policy();
  }

  /**
   * Closes the poller: releases what its builder was told to release
   * ({@link Builder#closeOnClose}), such as a connection pool the adapter built; never what the
   * user passed in. Idempotent.
   *
   * <p>Every watch and call in flight ends at once with {@link PollerClosedException}: its
   * pending timer and its request in flight are cancelled, and nothing is sent after close.
   * After close, every method's publisher fails with {@link PollerClosedException} when
   * subscribed, before sending anything.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    engine.close();
    RuntimeException failure = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing the poller's resources failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * How many watches run now: polling loops started by {@link #poll}, {@link #result},
   * {@link #model} or {@link #completion} that have not ended. A loop shared by several
   * subscribers counts once, as it does for {@link PollListener#watchStarted} and
   * {@link PollListener#watchEnded}; one-off calls ({@link #get}, {@link #cancel},
   * {@link #delete}, {@link #list}) do not count. A loop counts from its first subscription until
   * it ends: done, failed, timed out, closed, or its last subscriber cancelled. {@code 0} after
   * {@link #close()}. Takes no lock the watches need, and time proportional to their number:
   * read it for a health check or a gauge, not per request.
   *
   * @return the number of active watches, at least 0
   */
  public int activeWatches() {
    return engine.loopCount();
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return closed.get();
  }

  /** The engine, for tests in this package. */
  PollingEngine engine() {
    return engine;
  }

  @Override
  public String toString() {
    return "OperationPoller{" + (closed.get() ? "closed, " : "") + engine + "}";
  }

  /**
   * Configures an {@link OperationPoller} on a transport given up front; every option is
   * {@link PollerBuilder}'s. Not thread-safe; {@link #build()} may be repeated.
   */
  public static final class Builder extends PollerBuilder<Builder> {
    private final OperationsTransport transport;

    private Builder(OperationsTransport transport) {
      this.transport = transport;
    }

    /**
     * Builds the poller, with {@link AccessTokenSource#none()} unless
     * {@link #tokenSource(AccessTokenSource)} gave another source and
     * {@link OperationPoller#DEFAULT_MAX_IN_FLIGHT} unless {@link #maxInFlight(int)} gave another
     * limit.
     *
     * @return a new poller
     */
    @Override
    public OperationPoller build() {
      return newPoller(transport, listener -> AccessTokenSource.none(), DEFAULT_MAX_IN_FLIGHT,
          List.of());
    }

    @Override
    public String toString() {
      return "OperationPoller.Builder[transport=" + transport.getClass().getSimpleName() + ", "
          + describeOptions() + "]";
    }
  }
}
