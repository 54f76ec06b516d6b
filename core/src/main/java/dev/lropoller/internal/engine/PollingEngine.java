package dev.lropoller.internal.engine;

import dev.lropoller.BudgetKey;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.PollPolicy;
import dev.lropoller.WatchOutcome;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.aim.RunHistory;
import dev.lropoller.model.Job;
import dev.lropoller.model.JobKind;
import dev.lropoller.model.Operation;
import dev.lropoller.model.ResourceNames;
import dev.lropoller.model.ResponseType;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.spi.RequestBudget;
import dev.lropoller.spi.TransportException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.Context;

/**
 * The wiring behind {@link OperationPoller}: holds the ports, the policy, the scheduler, the
 * {@link Admission} and the listener, starts each request as a {@link Call} (which does the
 * retries, the 401 re-send and the request timeouts) and each watch as a {@link Watch}, and keeps
 * the registry of shared loops by name ({@link Loops}) and the standalone calls in flight, so that
 * {@link #close()} can end them; each leaves when it ends. Events are logged here and passed to
 * the listener, which {@link PollListener#composite} isolates.
 */
public final class PollingEngine {
  /** A watch or call in flight, which {@link #close()} ends. */
  interface Active {
    /** Ends with {@link PollerClosedException}, cancelling the timer and request in flight. */
    void pollerClosed();
  }

  private final OperationsTransport transport;
  private final AccessTokenSource tokens;
  private final PollPolicy policy;
  private final Scheduler scheduler;
  /**
   * The user's listener wrapped by {@link PollListener#composite}, which isolates each call, or
   * {@code null} for {@link PollListener#NONE}: no calls at all.
   */
  private final PollListener listener;
  private final Logger log = Loggers.getLogger(PollingEngine.class);
  private final Admission admission;
  /** The finished runs seen by this poller, for policies that aim. */
  private final RunHistory history = new RunHistory();
  /** The standalone calls in flight (get, cancel, delete, list pages); watches are in loops. */
  private final Set<Active> active = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  /**
   * The running shared loops by operation name. Every change is a {@code compute}, so a join and
   * the end of a loop of one name never race.
   */
  private final ConcurrentHashMap<String, Loops> loops = new ConcurrentHashMap<>();
  /** The loop starts of the current initial interval, to spread a mass resume. */
  private final StartBurst startBurst = new StartBurst();
  /** The kinds of call, shared by every call of each: a waiting poll holds none of this. */
  private final Call.Kind<Operation> pollKind;
  private final Call.Kind<Operation> getKind;
  private final Call.Kind<Void> cancelKind;
  private final Call.Kind<Void> deleteKind;

  /**
   * How many loops may start within one initial interval with their first poll on time; the
   * loops started beyond it in that window get their first poll jittered over the interval.
   */
  public static final int RESUME_BURST = 100;

  public PollingEngine(
      OperationsTransport transport, AccessTokenSource tokens, PollPolicy policy,
      Scheduler scheduler, PollListener listener, int maxInFlight, int maxRequestsPerMinute,
      Map<String, Integer> perProject) {
    this(transport, tokens, policy, scheduler, listener, maxInFlight, maxRequestsPerMinute,
        perProject, BudgetKey.PROJECT);
  }

  /**
   * An engine whose budgets and cool-downs are counted per {@code budgetKey}; {@code limits}
   * holds per-project ({@code p}) and, for {@link BudgetKey#PROJECT_AND_LOCATION}, per-location
   * ({@code p/l}) overrides of {@code maxRequestsPerMinute}.
   */
  public PollingEngine(
      OperationsTransport transport, AccessTokenSource tokens, PollPolicy policy,
      Scheduler scheduler, PollListener listener, int maxInFlight, int maxRequestsPerMinute,
      Map<String, Integer> limits, BudgetKey budgetKey) {
    this(transport, tokens, policy, scheduler, listener, maxInFlight, maxRequestsPerMinute,
        limits, budgetKey, null, 1, Duration.ZERO);
  }

  /**
   * As above, with a {@code requestBudget} that decides the rate and cool-down of each key with a
   * limit, or {@code null} for none (the local rate windows, as above). A key whose ask fails
   * counts locally with {@code limit / replicas} (at least 1) and asks again after
   * {@code probeInterval}; the policy's request timeout bounds each granted slot.
   */
  public PollingEngine(
      OperationsTransport transport, AccessTokenSource tokens, PollPolicy policy,
      Scheduler scheduler, PollListener listener, int maxInFlight, int maxRequestsPerMinute,
      Map<String, Integer> limits, BudgetKey budgetKey, RequestBudget requestBudget,
      int replicas, Duration probeInterval) {
    BudgetPort port = requestBudget == null ? null
        : new BudgetPort(requestBudget, policy.requestTimeout(), replicas, probeInterval);
    this.admission = new Admission(maxInFlight, maxRequestsPerMinute, limits,
        budgetKey == BudgetKey.PROJECT_AND_LOCATION, scheduler, this, port);
    this.transport = transport;
    this.tokens = tokens;
    this.policy = policy;
    this.scheduler = scheduler;
    PollListener isolated = PollListener.composite(listener);
    this.listener = isolated == PollListener.NONE ? null : isolated;
    BiFunction<String, AccessToken, Mono<Operation>> get =
        (name, token) -> transport.getOperation(name, token).map(body -> parse(name, body));
    this.pollKind = Call.Kind.watchPoll(this, get, PollingEngine::outcomeOf);
    this.getKind = Call.Kind.standalone(this, get, PollingEngine::outcomeOf);
    this.cancelKind = Call.Kind.standaloneEmpty(this, transport::cancelOperation);
    this.deleteKind = Call.Kind.standaloneEmpty(this, transport::deleteOperation);
  }

  /**
   * The transport's own check of a name ({@link OperationsTransport#checkName}), before any
   * request.
   *
   * @param name a name that passed {@code ResourceNames}' rules
   * @return {@code name}
   * @throws IllegalArgumentException if the transport cannot send requests about it
   */
  public String checkName(String name) {
    transport.checkName(name);
    return name;
  }

  /**
   * Refuses new watches and calls from now on, and ends those in flight with
   * {@link PollerClosedException}.
   */
  public void close() {
    closed = true;
    // A join or enter that runs at the same time either sees closed or is seen below.
    for (Loops ofName : loops.values()) {
      for (Watch.Shared loop : ofName.loops()) {
        loop.pollerClosed();
      }
    }
    for (Active a : active) {
      a.pollerClosed();
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Registers {@code a} until {@link #leave}; false (and not registered) if the engine is
   * closed. A close that runs at the same time either sees {@code a} in the set or is seen here.
   */
  boolean enter(Active a) {
    active.add(a);
    if (closed) {
      active.remove(a);
      return false;
    }
    return true;
  }

  void leave(Active a) {
    active.remove(a);
  }

  /** How many shared loops and standalone calls are in flight; for tests. */
  public int activeCount() {
    return active.size() + loopCount();
  }

  public PollPolicy policy() {
    return policy;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  AccessTokenSource tokens() {
    return tokens;
  }

  long nanos() {
    return scheduler.now(TimeUnit.NANOSECONDS);
  }

  public Flux<Operation> poll(String name, PollPolicy watchPolicy) {
    return new Watch(this, name, watchPolicy);
  }

  /**
   * Adds {@code member} to the running loop of {@code name} and {@code p} (the name as given, the
   * policy by value), or starts a new one when there is none or it has ended. Null when the poller
   * is closed.
   */
  Watch.Shared join(String name, PollPolicy p, Watch.Member member, Context context) {
    if (closed) {
      watchStarted(name);
      watchEnded(name, WatchOutcome.CLOSED, Duration.ZERO, 0);
      return null;
    }
    Watch.Shared[] joined = new Watch.Shared[1];
    boolean[] started = new boolean[1];
    loops.compute(name, (k, ofName) -> {
      Watch.Shared running = ofName == null ? null : ofName.find(p);
      if (running != null && running.tryJoin(member)) {
        joined[0] = running;
        return ofName;
      }
      // None, or the one there has ended: it leaves by identity, so it cannot remove this one.
      Watch.Shared fresh = new Watch.Shared(this, newBudget(name, p), context);
      fresh.tryJoin(member);
      joined[0] = fresh;
      started[0] = true;
      return ofName == null ? fresh : ofName.with(fresh);
    });
    Watch.Shared loop = joined[0];
    if (started[0]) {
      watchStarted(name);
    }
    if (closed) {
      // Closed while joining: close() may have run before the loop was in the map.
      loop.pollerClosed();
    }
    return loop;
  }

  /** The loop has ended: later subscribers start a fresh one. */
  void leaveShared(Watch.Shared loop) {
    loops.computeIfPresent(loop.name(), (k, ofName) -> ofName.without(loop));
  }

  /** How many shared loops run; for tests. */
  public int loopCount() {
    int n = 0;
    for (Loops ofName : loops.values()) {
      n += ofName.loops().size();
    }
    return n;
  }

  /**
   * The first poll's delay of a new loop: the policy's {@code firstPollDelay}, unless more than
   * {@link #RESUME_BURST} loops started within the current initial interval (a mass resume after
   * a restart); those extra loops get their first poll spread at random over one initial
   * interval after it.
   */
  Duration firstDelay(PollPolicy p) {
    long window = p.initialInterval().toNanos();
    if (!startBurst.beyond(RESUME_BURST, nanos(), window)) {
      return p.firstPollDelay();
    }
    long spread = (long) (ThreadLocalRandom.current().nextDouble() * window);
    return p.firstPollDelay().plusNanos(spread);
  }

  // Events: logged, and passed to the listener (isolated by its composite wrapper).

  void watchStarted(String name) {
    if (listener != null) {
      listener.watchStarted(name);
    }
  }

  void pollSent(String name, int attempt) {
    if (log.isDebugEnabled()) {
      log.debug("poll {} attempt {}", name, attempt);
    }
    if (listener != null) {
      listener.pollSent(name, attempt);
    }
  }

  /** Whether a listener gets the events, so callers can skip building what only it reads. */
  boolean listening() {
    return listener != null;
  }

  void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable failure) {
    if (listener != null) {
      listener.pollAnswered(name, latency, outcome, failure);
    }
  }

  void retryScheduled(String name, Throwable cause, Duration delay) {
    if (log.isDebugEnabled()) {
      log.debug("retry {} in {} after {}", name, delay, describe(cause));
    }
    if (listener != null) {
      listener.retryScheduled(name, cause, delay);
    }
  }

  /**
   * Logs a WARN when a watch or call ends because it gave up: timeout or retries exhausted. The
   * exception's message names the operation and the reason; a timeout adds the last failure.
   */
  void gaveUp(Throwable error) {
    if (error instanceof RetriesExhaustedException) {
      // Its message names the last failure already.
      log.warn(error.getMessage());
    } else if (error instanceof PollTimeoutException) {
      Throwable last = error.getCause();
      if (last == null) {
        log.warn(error.getMessage());
      } else {
        log.warn("{} (last failure: {})", error.getMessage(), describe(last));
      }
    }
  }

  void coolDownStarted(String project, Duration delay) {
    if (listener != null) {
      listener.coolDownStarted(project, delay);
    }
  }

  void budgetDegraded(String key, Throwable cause) {
    log.warn("request budget unreachable for {}: counting it locally ({})", key, describe(cause));
    if (listener != null) {
      listener.budgetDegraded(key, cause);
    }
  }

  void budgetRestored(String key) {
    log.info("request budget reachable again for {}", key);
    if (listener != null) {
      listener.budgetRestored(key);
    }
  }

  void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
    if (listener != null) {
      listener.watchEnded(name, outcome, elapsed, attempts);
    }
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  public Mono<Operation> get(String name) {
    return fetch(newBudget(name, policy), Duration.ZERO, true);
  }

  public <T> Mono<T> result(Flux<Operation> snapshots, ResponseType<T> type) {
    return new LastResult<>(snapshots, type);
  }

  public Mono<Void> cancel(String name) {
    return new Call<>(cancelKind, newBudget(name, policy), Duration.ZERO);
  }

  public Mono<Void> delete(String name) {
    return new Call<>(deleteKind, newBudget(name, policy), Duration.ZERO);
  }

  public Flux<Operation> list(String parent, String filter) {
    return new Pages(pageToken -> new Call<>(Call.Kind.standalone(this,
        (name, token) -> transport.listOperations(parent, filter, pageToken, token)
            .map(body -> OperationsPage.parse(parent, body)),
        ignored -> PollOutcome.ANSWERED), newBudget(parent, policy), Duration.ZERO));
  }

  Budget newBudget(String name, PollPolicy p) {
    return new Budget(name, p, scheduler, history, listener);
  }

  public Admission admission() {
    return admission;
  }

  /**
   * One GET after {@code delay}, parsed, with its retries; an unreadable body is a transient
   * failure, another operation is not.
   *
   * @param standalone a whole {@code get} call rather than one poll of a watch
   */
  Mono<Operation> fetch(Budget budget, Duration delay, boolean standalone) {
    return new Call<>(standalone ? getKind : pollKind, budget, delay);
  }

  private static PollOutcome outcomeOf(Operation op) {
    return op.done() ? PollOutcome.DONE : PollOutcome.RUNNING;
  }

  private static Operation parse(String name, byte[] body) {
    Operation op;
    try {
      // A Vertex job or pipeline is watched as the operation view of its state.
      op = JobKind.isJobName(name) ? Job.parse(body).asOperation() : Operation.parse(body);
    } catch (UnexpectedResponseException e) {
      throw TransportException.transientFailure(
          "unreadable 200 body for " + name + ": " + e.getMessage(), e);
    }
    // The service may answer with the project number where the caller used the id: compare ids.
    if (!AnswerCheck.sameLastSegment(op.name(), name)) {
      throw new UnexpectedResponseException(
          name, "asked for operation " + name + " but the answer is about " + op.name());
    }
    return op;
  }

  @Override
  public String toString() {
    return "transport=" + transport.getClass().getSimpleName() + ", tokens=" + tokens
        + ", " + admission
        + ", policy=" + policy + ", scheduler=" + scheduler;
  }
}
