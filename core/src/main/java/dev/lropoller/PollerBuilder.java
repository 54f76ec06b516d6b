package dev.lropoller;

import dev.lropoller.internal.engine.Admission;
import dev.lropoller.internal.engine.PollingEngine;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.spi.RequestBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The options every poller has, whatever carries its requests: token source, policy, scheduler,
 * listener, budgets and resources to release. Each is validated here, once, with one set of
 * messages. {@link OperationPoller.Builder} adds a transport given up front; an adapter's builder,
 * such as {@code GoogleOperationPoller.Builder} in {@code lro-poller-reactor-adapter}, adds the
 * options of its transport, makes the transport in {@link #build()} and hands it to
 * {@link #newPoller}.
 *
 * <p>Not thread-safe: configure it from one thread. {@link #build()} may be repeated; each poller
 * gets the options as they are then.
 *
 * @param <B> the concrete builder, which every option returns so that a chain can go on with the
 *     adapter's own options
 */
public abstract class PollerBuilder<B extends PollerBuilder<B>> {
  private AccessTokenSource tokenSource;
  private PollPolicy policy = PollPolicy.defaults();
  private Scheduler scheduler = Schedulers.parallel();
  private PollListener listener = PollListener.NONE;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private int maxInFlight;
  private int maxRequestsPerMinute = Admission.UNLIMITED;
  private final Map<String, Integer> perProject = new HashMap<>();
  private final Map<String, Integer> perLocation = new HashMap<>();
  private BudgetKey budgetKey = BudgetKey.PROJECT;
  private RequestBudget requestBudget;
  private int requestBudgetReplicas = DEFAULT_REQUEST_BUDGET_REPLICAS;
  private Duration requestBudgetProbeInterval = DEFAULT_REQUEST_BUDGET_PROBE_INTERVAL;

  /**
   * The default of {@link #requestBudgetReplicas}: {@value}. A degraded key keeps a third of its
   * limit, so a fleet of up to three replicas that all lose the shared budget at once still stays
   * within the quota, and a lone replica keeps a third of its pace rather than stopping. A larger
   * fleet should pass its usual size.
   */
  public static final int DEFAULT_REQUEST_BUDGET_REPLICAS = 3;

  /**
   * The default of {@link #requestBudgetProbeInterval}: 5 s. A Redis restart or failover takes
   * seconds, so a key returns to the shared budget within 5 s of the budget's return, and an
   * unreachable budget costs one failed ask per busy key per 5 s.
   */
  public static final Duration DEFAULT_REQUEST_BUDGET_PROBE_INTERVAL = Duration.ofSeconds(5);

  /** For subclasses: {@link OperationPoller.Builder} and adapters' builders. */
  protected PollerBuilder() {}

  /**
   * Where bearer tokens come from: any {@link AccessTokenSource}, such as a
   * {@code CachingAccessTokenSource} around your own refresh. Default: the builder's —
   * {@link AccessTokenSource#none()} (no {@code Authorization} header) for
   * {@link OperationPoller#builder}, Application Default Credentials for
   * {@code GoogleOperationPoller}. The source stays the caller's: the poller does not close it.
   *
   * @param tokenSource the token source
   * @return this builder
   * @throws NullPointerException if {@code tokenSource} is {@code null}
   */
  public final B tokenSource(AccessTokenSource tokenSource) {
    this.tokenSource = Objects.requireNonNull(tokenSource, "tokenSource");
    return self();
  }

  /**
   * The schedule and budget of each watch. Its {@code requestTimeout()} bounds each request: the
   * engine cancels a request whose answer is late, which closes its connection. Default
   * {@link PollPolicy#defaults()}.
   *
   * @param policy the policy
   * @return this builder
   * @throws NullPointerException if {@code policy} is {@code null}
   */
  public final B policy(PollPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return self();
  }

  /**
   * Runs every timer: poll delays, request timeouts and the watch timeout, and is the clock
   * they are measured on. Default {@link Schedulers#parallel()}. Tests pass a
   * {@code VirtualTimeScheduler}.
   *
   * @param scheduler the scheduler
   * @return this builder
   * @throws NullPointerException if {@code scheduler} is {@code null}
   */
  public final B scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return self();
  }

  /**
   * Hears every request, retry, token refresh and watch outcome, for metrics and logs. Default
   * {@link PollListener#NONE}.
   *
   * @param listener the listener
   * @return this builder
   * @throws NullPointerException if {@code listener} is {@code null}
   */
  public final B listener(PollListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return self();
  }

  /**
   * Something every poller built from now on owns and releases in
   * {@link OperationPoller#close()}, after its watches have ended; resources are closed in the
   * order given.
   *
   * @param resource released on close
   * @return this builder
   * @throws NullPointerException if {@code resource} is {@code null}
   */
  public final B closeOnClose(AutoCloseable resource) {
    resources.add(Objects.requireNonNull(resource, "resource"));
    return self();
  }

  /**
   * The most requests this poller has in flight at once, over all operations and projects
   * (polls, gets, cancels, deletes, list pages). Further requests wait, holding no thread, in
   * their project's FIFO queue; projects take turns for free slots. The wait is local
   * back-pressure: it never counts as a failure, the request timeout starts only when the
   * request leaves, and the watch's overall timeout still ends it.
   *
   * <p>Default: the builder's — {@link OperationPoller#DEFAULT_MAX_IN_FLIGHT} for
   * {@link OperationPoller#builder}; for {@code GoogleOperationPoller} the same over HTTP/1.1,
   * and over HTTP/2 on its own pool the streams that pool carries
   * ({@code GoogleOperationPoller.DEFAULT_HTTP2_MAX_IN_FLIGHT}, 200), so requests wait in the
   * engine's fair queues rather than in the pool's pending-acquire queue.
   *
   * @param maxInFlight at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code maxInFlight} is below 1
   */
  public final B maxInFlight(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    return self();
  }

  /**
   * What budgets and cool-downs count per: {@link BudgetKey#PROJECT} (Cloud AutoML's quota, the
   * default) or {@link BudgetKey#PROJECT_AND_LOCATION} (Vertex AI's quota, per project per region).
   * An adapter's Vertex AI setting, such as {@code GoogleOperationPoller.Builder.vertexAi()}, sets
   * the latter; the last call wins.
   *
   * @param budgetKey the key
   * @return this builder
   * @throws NullPointerException if {@code budgetKey} is {@code null}
   */
  public final B budgetKey(BudgetKey budgetKey) {
    this.budgetKey = Objects.requireNonNull(budgetKey, "budgetKey");
    return self();
  }

  /**
   * The most requests per budget key in any minute: per project, where the project is the
   * {@code projects/{p}} segment as each name spells it (a project number and a project id
   * count as two projects), or per project and location with
   * {@link #budgetKey budgetKey(PROJECT_AND_LOCATION)}, where each {@code locations/{l}} of a
   * project has a budget of this size. Default unlimited; AutoML's published default quota is
   * {@value OperationPoller#AUTOML_REQUESTS_PER_MINUTE} per minute per project, Vertex AI's
   * {@value OperationPoller#VERTEX_REQUESTS_PER_MINUTE} per minute per project per region, shared
   * by every client of the project.
   *
   * <p><b>How a request counts.</b> This is the one statement of the rule; the rest of the
   * documentation links here. A server counts a request when it arrives, which is somewhere
   * between the poller's send and the answer, after a delay that varies (a first burst waits for
   * connections and in the server's queue). So the poller counts each request from its send
   * until a minute after it ended (answered, failed or given up): the request {@code limit}
   * places later is sent only then. Any {@code limit + 1} requests then arrive more than a
   * minute apart, whatever the latencies, and a server counting arrivals per minute sees at most
   * {@code limit}. The cost is one request latency per minute and slot: with 100 ms answers,
   * {@code limit} requests per 60.1 s.
   *
   * <p>Requests over the limit wait in the project's FIFO queue, holding no thread: the request
   * at position {@code k} of a project's queue leaves within {@code ceil(k / limit)} minutes
   * plus as many request latencies, plus any cool-down. Independently of this limit, an HTTP
   * 429 or {@code RESOURCE_EXHAUSTED} answer cools down the whole project (with
   * {@code PROJECT_AND_LOCATION}: the project's location) that got it for the
   * server's {@code Retry-After} / {@code RetryInfo} delay (at most one hour), or without one
   * for the backoff delay of the call that got it; other projects (and locations) are not
   * affected, and {@link PollListener#coolDownStarted} hears of it.
   *
   * @param maxRequestsPerMinute at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code maxRequestsPerMinute} is below 1
   */
  public final B maxRequestsPerMinute(int maxRequestsPerMinute) {
    if (maxRequestsPerMinute < 1) {
      throw new IllegalArgumentException(
          "maxRequestsPerMinute must be at least 1: " + maxRequestsPerMinute);
    }
    this.maxRequestsPerMinute = maxRequestsPerMinute;
    return self();
  }

  /**
   * The per-minute limit of one project, overriding {@link #maxRequestsPerMinute(int)} for it:
   * for a project with its own quota, or {@link Integer#MAX_VALUE} for no limit. Requests count
   * as {@link #maxRequestsPerMinute(int)} says. With
   * {@link #budgetKey budgetKey(PROJECT_AND_LOCATION)} it is the limit of each location of the
   * project that has no limit of its own
   * ({@link #maxRequestsPerMinute(String, String, int)}).
   *
   * @param project the {@code projects/{p}} segment, as the names spell it
   * @param maxRequestsPerMinute at least 1; {@link Integer#MAX_VALUE} for unlimited
   * @return this builder
   * @throws NullPointerException if {@code project} is {@code null}
   * @throws IllegalArgumentException if {@code maxRequestsPerMinute} is below 1 or
   *     {@code project} is empty or holds a {@code /}
   */
  public final B maxRequestsPerMinute(String project, int maxRequestsPerMinute) {
    Objects.requireNonNull(project, "project");
    if (project.isEmpty() || project.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "project must be one name segment, such as my-project or 1234: '" + project + "'");
    }
    if (maxRequestsPerMinute < 1) {
      throw new IllegalArgumentException("maxRequestsPerMinute for " + project
          + " must be at least 1: " + maxRequestsPerMinute);
    }
    perProject.put(project, maxRequestsPerMinute);
    return self();
  }

  /**
   * The per-minute limit of one project in one location, overriding the project's limit and
   * {@link #maxRequestsPerMinute(int)} there: for a region with a raised Vertex AI quota, or
   * {@link Integer#MAX_VALUE} for no limit. Only for a poller whose budgets count per
   * {@link BudgetKey#PROJECT_AND_LOCATION}; {@link #build()} refuses it otherwise.
   *
   * @param project the {@code projects/{p}} segment, as the names spell it
   * @param location the {@code locations/{l}} segment, such as {@code us-central1}
   * @param maxRequestsPerMinute at least 1; {@link Integer#MAX_VALUE} for unlimited
   * @return this builder
   * @throws NullPointerException if {@code project} or {@code location} is {@code null}
   * @throws IllegalArgumentException if {@code maxRequestsPerMinute} is below 1, or
   *     {@code project} or {@code location} is empty or holds a {@code /}, quoting it
   */
  public final B maxRequestsPerMinute(String project, String location, int maxRequestsPerMinute) {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(location, "location");
    if (project.isEmpty() || project.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "project must be one name segment, such as my-project or 1234: '" + project + "'");
    }
    if (location.isEmpty() || location.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "location must be one name segment, such as us-central1: '" + location + "'");
    }
    if (maxRequestsPerMinute < 1) {
      throw new IllegalArgumentException("maxRequestsPerMinute for " + project + " in " + location
          + " must be at least 1: " + maxRequestsPerMinute);
    }
    perLocation.put(project + "/" + location, maxRequestsPerMinute);
    return self();
  }

  /**
   * A request budget kept outside this poller, such as one that every replica of a service shares
   * ({@code RedisRequestBudget} in {@code lro-poller-redis}): it decides, per budget key with a
   * limit ({@link #maxRequestsPerMinute(int)} and its overrides), when a request may leave, and
   * it receives the key's 429 cool-downs. Pass every replica the same limits. Default none: each
   * poller counts its limits alone.
   *
   * <p>What stays local: {@link #maxInFlight}, each key's FIFO queue and the turns keys take for
   * in-flight slots, and the local cool-down after a 429 (which is also passed to the budget). A
   * key asks the budget for one slot at a time, before its next request, holding one in-flight
   * slot while the ask is outstanding; a grant goes to the key's first waiting request, and the
   * end of that request is reported to the budget: at most two budget calls per request. A
   * "wait" answer is back-pressure: the key asks again after it, and the watch's timeout still
   * ends each request's wait. Each grant is bounded by the policy's request timeout. Keys without
   * a limit never ask.
   *
   * <p>When an ask fails (the budget is unreachable), the key is degraded: it counts locally with
   * its limit divided by {@link #requestBudgetReplicas}, asks the budget again after
   * {@link #requestBudgetProbeInterval}, and returns to it once an ask succeeds;
   * {@link PollListener#budgetDegraded} and {@link PollListener#budgetRestored} hear both.
   *
   * @param requestBudget the budget
   * @return this builder
   * @throws NullPointerException if {@code requestBudget} is {@code null}
   */
  public final B requestBudget(RequestBudget requestBudget) {
    this.requestBudget = Objects.requireNonNull(requestBudget, "requestBudget");
    return self();
  }

  /**
   * How many replicas share a key's limit while the {@link #requestBudget} cannot be reached: a
   * degraded key counts locally with {@code limit / replicas} requests per minute (rounded down,
   * at least 1), as {@link #maxRequestsPerMinute(int)} counts them. Default
   * {@value #DEFAULT_REQUEST_BUDGET_REPLICAS}; pass the fleet's usual size to keep the fleet
   * within the quota while every replica is degraded. Unused without a request budget.
   *
   * @param replicas at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code replicas} is below 1
   */
  public final B requestBudgetReplicas(int replicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("requestBudgetReplicas must be at least 1: " + replicas);
    }
    this.requestBudgetReplicas = replicas;
    return self();
  }

  /**
   * How long a degraded key counts locally before it asks the {@link #requestBudget} again; the
   * first successful ask returns it to the budget. Default 5 s
   * ({@link #DEFAULT_REQUEST_BUDGET_PROBE_INTERVAL}). Unused without a request budget.
   *
   * @param probeInterval more than zero
   * @return this builder
   * @throws NullPointerException if {@code probeInterval} is {@code null}
   * @throws IllegalArgumentException if {@code probeInterval} is zero or negative
   */
  public final B requestBudgetProbeInterval(Duration probeInterval) {
    Objects.requireNonNull(probeInterval, "probeInterval");
    if (probeInterval.isZero() || probeInterval.isNegative()) {
      throw new IllegalArgumentException(
          "requestBudgetProbeInterval must be more than zero: " + probeInterval);
    }
    this.requestBudgetProbeInterval = probeInterval;
    return self();
  }

  /**
   * Builds a poller with the options as they are now.
   *
   * @return a new poller
   * @throws IllegalStateException if the options cannot work together, such as a per-location
   *     limit without {@link BudgetKey#PROJECT_AND_LOCATION}; the message says which
   */
  public abstract OperationPoller build();

  /**
   * For a subclass's {@link #build()}: a poller on {@code transport} with these options.
   *
   * @param transport sends the requests
   * @param defaultTokenSource makes the token source when {@link #tokenSource} was not called
   *     (or an adapter option replaced it); it is given the poller's listener, so that the
   *     source's refreshes reach it
   * @param defaultMaxInFlight used when {@link #maxInFlight} was not called; at least 1
   * @param owned what this poller alone releases on close, after the resources given to
   *     {@link #closeOnClose}, such as a connection pool the subclass made for it
   * @return a new poller
   */
  protected final OperationPoller newPoller(
      OperationsTransport transport,
      Function<? super PollListener, ? extends AccessTokenSource> defaultTokenSource,
      int defaultMaxInFlight,
      List<? extends AutoCloseable> owned) {
    Objects.requireNonNull(transport, "transport");
    if (!perLocation.isEmpty() && budgetKey != BudgetKey.PROJECT_AND_LOCATION) {
      throw new IllegalStateException("maxRequestsPerMinute(project, location, n) was set for "
          + new TreeMap<>(perLocation).keySet() + " but budgets count per " + budgetKey
          + "; per-location limits need budgetKey(PROJECT_AND_LOCATION) (Vertex AI)");
    }
    AccessTokenSource tokens = tokenSource != null
        ? tokenSource
        : Objects.requireNonNull(defaultTokenSource.apply(listener), "defaultTokenSource");
    if (defaultMaxInFlight < 1) {
      throw new IllegalArgumentException(
          "defaultMaxInFlight must be at least 1: " + defaultMaxInFlight);
    }
    List<AutoCloseable> release = new ArrayList<>(resources);
    release.addAll(owned);
    Map<String, Integer> limits = new HashMap<>(perProject);
    limits.putAll(perLocation);
    PollingEngine engine = new PollingEngine(transport, tokens, policy, scheduler, listener,
        maxInFlight > 0 ? maxInFlight : defaultMaxInFlight, maxRequestsPerMinute,
        Map.copyOf(limits), budgetKey, requestBudget, requestBudgetReplicas,
        requestBudgetProbeInterval);
    return new OperationPoller(engine, List.copyOf(release));
  }

  /**
   * For an adapter option that supplies tokens in its own way (such as Google credentials):
   * forgets the source given to {@link #tokenSource}, so that the last token option called wins.
   */
  protected final void resetTokenSource() {
    this.tokenSource = null;
  }

  /**
   * The options of this class, for a subclass's {@code toString()}: the token source by its
   * class only, never a token.
   *
   * @return such as {@code tokenSource=default, policy=PollPolicy[...], maxInFlight=default}
   */
  protected final String describeOptions() {
    return "tokenSource=" + (tokenSource == null ? "default" : tokenSource.getClass().getSimpleName())
        + ", policy=" + policy + ", scheduler=" + scheduler
        + ", listener=" + (listener == PollListener.NONE ? "none" : listener.getClass().getSimpleName())
        + ", maxInFlight=" + (maxInFlight == 0 ? "default" : maxInFlight)
        + ", maxRequestsPerMinute="
        + (maxRequestsPerMinute == Admission.UNLIMITED ? "unlimited" : maxRequestsPerMinute)
        + (perProject.isEmpty() ? "" : ", perProject=" + new TreeMap<>(perProject))
        + ", budgetKey=" + budgetKey
        + (perLocation.isEmpty() ? "" : ", perLocation=" + new TreeMap<>(perLocation))
        + (requestBudget == null ? "" : ", requestBudget="
            + requestBudget.getClass().getSimpleName() + ", requestBudgetReplicas="
            + requestBudgetReplicas + ", requestBudgetProbeInterval=" + requestBudgetProbeInterval)
        + ", closeOnClose=" + resources.size();
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
