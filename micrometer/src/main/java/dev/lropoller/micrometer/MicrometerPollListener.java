package dev.lropoller.micrometer;

import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.WatchOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link PollListener} that records what a poller does as Micrometer meters:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code lropoller.polls}</td><td>counter</td><td>{@code outcome}, {@code cause}</td></tr>
 *   <tr><td>{@code lropoller.poll.latency}</td><td>timer</td><td>{@code outcome}</td></tr>
 *   <tr><td>{@code lropoller.watches.active}</td><td>gauge</td><td>none</td></tr>
 *   <tr><td>{@code lropoller.watches.ended}</td><td>counter</td><td>{@code outcome}</td></tr>
 *   <tr><td>{@code lropoller.retries}</td><td>counter</td><td>{@code cause}</td></tr>
 *   <tr><td>{@code lropoller.cooldowns}</td><td>counter</td><td>none</td></tr>
 *   <tr><td>{@code lropoller.token.refreshes}</td><td>counter</td><td>{@code result}</td></tr>
 *   <tr><td>{@code lropoller.budget.degraded}</td><td>gauge</td><td>none</td></tr>
 *   <tr><td>{@code lropoller.budget.transitions}</td><td>counter</td><td>{@code transition}</td></tr>
 * </table>
 *
 * <p>Tag values are bounded: {@code outcome} is a {@link PollOutcome} or {@link WatchOutcome} in
 * lowercase ({@code running}, {@code transient_failure}, {@code retries_exhausted}, ...);
 * {@code cause} is one of {@code none}, {@code http_429}, {@code http_401}, {@code http_404},
 * {@code http_4xx}, {@code http_5xx}, {@code timeout}, {@code connection}, {@code unreadable},
 * {@code token}, {@code other}, derived from the failure's type and HTTP status; {@code result} is
 * {@code success} or {@code failure}; {@code transition} is {@code degraded} or {@code restored}.
 * The operation name is never a tag. With {@link #create(MeterRegistry, boolean) projectTag}
 * every meter except {@code lropoller.token.refreshes} and the two budget meters also carries
 * {@code project}, the {@code {p}} of
 * {@code projects/{p}/...} ({@code unknown} for other names): one series per project, so enable
 * it only when the projects are few.
 *
 * <p>Thread-safe and non-blocking; a meter is registered the first time its tags occur. Create
 * one listener per registry and give it to every poller that reports there: Micrometer keeps the
 * first gauge registered under a name and tags, so a second listener's active-watches count would
 * not show.
 *
 * <p>The budget meters follow the request budget's degraded mode
 * ({@link PollListener#budgetDegraded}, {@link PollListener#budgetRestored}):
 * {@code lropoller.budget.degraded} is the number of budget keys counting locally now because the
 * shared budget (Redis) did not answer, and {@code lropoller.budget.transitions} counts the moves
 * into and out of that mode. Both exist from the start, at zero, so an alert on them needs no
 * first event; a poller without a shared budget keeps them at zero.
 */
public final class MicrometerPollListener implements PollListener {
  private final MeterRegistry registry;
  private final boolean projectTag;
  private final Meters all;
  private final ConcurrentMap<String, Meters> byProject = new ConcurrentHashMap<>();
  private final Counter refreshSuccess;
  private final Counter refreshFailure;
  private final Set<String> degradedKeys = ConcurrentHashMap.newKeySet();
  private final Counter budgetDegraded;
  private final Counter budgetRestored;

  private MicrometerPollListener(MeterRegistry registry, boolean projectTag) {
    this.registry = registry;
    this.projectTag = projectTag;
    this.all = projectTag ? null : new Meters(registry, Tags.empty());
    this.refreshSuccess = refreshes(registry, "success");
    this.refreshFailure = refreshes(registry, "failure");
    Gauge.builder(Meters.BUDGET_DEGRADED, degradedKeys, Set::size)
        .description("Budget keys counting locally now because the shared request budget did not answer")
        .register(registry);
    this.budgetDegraded = transitions(registry, "degraded");
    this.budgetRestored = transitions(registry, "restored");
  }

  /**
   * A listener whose meters carry no {@code project} tag.
   *
   * @param registry where to register the meters
   * @return the listener; pass it to {@code OperationPoller.Builder.listener}
   * @throws NullPointerException if {@code registry} is null
   */
  public static MicrometerPollListener create(MeterRegistry registry) {
    return create(registry, false);
  }

  /**
   * A listener whose meters carry a {@code project} tag when {@code projectTag} is true.
   *
   * @param registry where to register the meters
   * @param projectTag whether to tag by the names' {@code projects/{p}} segment; a service that
   *     watches operations of many projects should leave it false
   * @return the listener
   * @throws NullPointerException if {@code registry} is null
   */
  public static MicrometerPollListener create(MeterRegistry registry, boolean projectTag) {
    return new MicrometerPollListener(Objects.requireNonNull(registry, "registry"), projectTag);
  }

  @Override
  public void watchStarted(String name) {
    meters(name).watchStarted();
  }

  @Override
  public void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable failure) {
    meters(name).pollAnswered(outcome, FailureCause.of(failure), latency == null ? 0 : latency.toNanos());
  }

  @Override
  public void retryScheduled(String name, Throwable cause, Duration delay) {
    meters(name).retryScheduled(FailureCause.of(cause));
  }

  @Override
  public void tokenRefreshed(Duration latency, Throwable failure) {
    (failure == null ? refreshSuccess : refreshFailure).increment();
  }

  @Override
  public void coolDownStarted(String project, Duration delay) {
    (projectTag ? byProject(project == null || project.isEmpty() ? ProjectTag.UNKNOWN : project) : all)
        .coolDownStarted();
  }

  /** Counts the move and adds {@code key} to the degraded keys; a repeat for a degraded key is not counted. */
  @Override
  public void budgetDegraded(String key, Throwable cause) {
    if (degradedKeys.add(String.valueOf(key))) {
      budgetDegraded.increment();
    }
  }

  /** Counts the move and removes {@code key} from the degraded keys; a key not degraded is not counted. */
  @Override
  public void budgetRestored(String key) {
    if (degradedKeys.remove(String.valueOf(key))) {
      budgetRestored.increment();
    }
  }

  @Override
  public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
    meters(name).watchEnded(outcome);
  }

  /**
   * Names the binding without its registry's contents.
   *
   * @return e.g. {@code MicrometerPollListener[projectTag=false]}
   */
  @Override
  public String toString() {
    return "MicrometerPollListener[projectTag=" + projectTag + "]";
  }

  private Meters meters(String name) {
    return projectTag ? byProject(ProjectTag.of(name)) : all;
  }

  private Meters byProject(String project) {
    Meters m = byProject.get(project);
    return m != null ? m : byProject.computeIfAbsent(project, p -> new Meters(registry, Tags.of("project", p)));
  }

  private static Counter transitions(MeterRegistry registry, String transition) {
    return Counter.builder(Meters.BUDGET_TRANSITIONS)
        .description("Request budget keys moving into or out of degraded mode (counting locally)")
        .tag("transition", transition)
        .register(registry);
  }

  private static Counter refreshes(MeterRegistry registry, String result) {
    return Counter.builder(Meters.TOKEN_REFRESHES)
        .description("Access-token refreshes, by result")
        .tag("result", result)
        .register(registry);
  }
}
