package dev.lropoller;

import dev.lropoller.spi.TokenRefreshListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Hears what a poller does, for metrics and logs. Every method has an empty default, so an
 * implementation overrides only what it needs; {@link #NONE} hears nothing and costs nothing.
 *
 * <p>Called on the thread that produced the event (an event loop or a scheduler thread): an
 * implementation must be fast, thread-safe and must not block. An exception it throws is
 * dropped and does not affect the watch. Events never carry a token.
 */
public interface PollListener extends TokenRefreshListener {
  /** The listener that hears nothing: the default of every poller. */
  PollListener NONE = new PollListener() {};

  /**
   * A listener that passes each event to {@code listeners}, in order, each call isolated: a
   * listener that throws is logged once per failure at WARN (logger
   * {@code dev.lropoller.PollListener}, the exception attached) and skipped, and the others still
   * hear the event. {@link #NONE} entries are left out; with none left, returns {@link #NONE}.
   * The poller wraps its listener this way, so a single listener is isolated too.
   *
   * @param listeners the listeners, in the order they hear each event
   * @return the composite listener, or {@link #NONE}
   * @throws NullPointerException if {@code listeners} or one of them is {@code null}; the
   *     message gives its index
   */
  static PollListener composite(PollListener... listeners) {
    return composite(Arrays.asList(Objects.requireNonNull(listeners, "listeners")));
  }

  /**
   * {@link #composite(PollListener...)} for a list.
   *
   * @param listeners the listeners, in the order they hear each event
   * @return the composite listener, or {@link #NONE}
   * @throws NullPointerException if {@code listeners} or one of them is {@code null}; the
   *     message gives its index
   */
  static PollListener composite(List<? extends PollListener> listeners) {
    return CompositePollListener.of(listeners);
  }

  /**
   * A watch started: it was subscribed and will send its first request after the policy's
   * first-poll delay. Every started watch is later reported once by {@link #watchEnded}.
   *
   * @param name the operation
   */
  default void watchStarted(String name) {}

  /**
   * A request for {@code name} is about to be sent.
   *
   * @param name the operation (or list parent)
   * @param attempt the number of this request within its watch or call, from 1
   */
  default void pollSent(String name, int attempt) {}

  /**
   * A request for {@code name} ended.
   *
   * @param name the operation (or list parent)
   * @param latency from {@link #pollSent} to the answer or failure, on the poller's clock
   * @param outcome how it ended
   * @param failure the failure, or {@code null} for {@link PollOutcome#RUNNING},
   *     {@link PollOutcome#DONE} and {@link PollOutcome#ANSWERED}
   */
  default void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable failure) {}

  /**
   * A transient failure will be retried after {@code delay}.
   *
   * @param name the operation (or list parent)
   * @param cause the failure being retried
   * @param delay the wait before the next request, at least what the server asked for
   */
  default void retryScheduled(String name, Throwable cause, Duration delay) {}

  /**
   * An access-token refresh ended.
   *
   * @param latency how long the refresh took
   * @param failure why it failed, or {@code null} when it succeeded
   */
  @Override
  default void tokenRefreshed(Duration latency, Throwable failure) {}

  /**
   * Requests to {@code project} are held back after the server answered 429 or
   * RESOURCE_EXHAUSTED.
   *
   * @param project the budget key that cools down: the project segment of the names, as the names
   *     spell it, or {@code project/location} (such as {@code my-project/us-central1}) for a poller
   *     counting budgets per {@link BudgetKey#PROJECT_AND_LOCATION}
   * @param delay how long the project (or its location) cools down
   */
  default void coolDownStarted(String project, Duration delay) {}

  /**
   * The poller's {@link dev.lropoller.spi.RequestBudget} failed to answer an ask for {@code key}
   * (such as Redis being unreachable): the key is degraded, and the poller counts it locally with
   * its fallback share of the limit ({@link PollerBuilder#requestBudgetReplicas}) until a later
   * ask succeeds, which {@link #budgetRestored} reports. Reported once per degraded spell and key.
   *
   * @param key the budget key, as {@link #coolDownStarted} names it
   * @param cause the ask's failure
   */
  default void budgetDegraded(String key, Throwable cause) {}

  /**
   * The request budget answered an ask for {@code key} again after {@link #budgetDegraded}: it
   * decides the key's rate again.
   *
   * @param key the budget key, as {@link #coolDownStarted} names it
   */
  default void budgetRestored(String key) {}

  /**
   * A watch ended. Reported once per watch.
   *
   * @param name the operation
   * @param outcome how it ended
   * @param elapsed from subscription to the end, on the poller's clock
   * @param attempts the requests the watch sent
   */
  default void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {}

  /**
   * An aiming watch ({@link PollPolicy#withAiming}) estimated when its operation will end, after
   * a snapshot that gave it an estimate. Never called for watches without aiming.
   *
   * @param name the operation
   * @param estimatedEnd the estimated end, never before the time of the snapshot, on the clock of
   *     the operation's {@code updateTime} (the poller's clock when it has none)
   * @param basis what the estimate rests on
   */
  default void endEstimated(String name, Instant estimatedEnd, EstimateBasis basis) {}

  /**
   * An aiming watch saw its operation end, and had estimated the end before: how far off the
   * last estimate was. Called before {@link #watchEnded}, once per watch at most.
   *
   * @param name the operation
   * @param error the last estimate minus the actual end (the done snapshot's {@code updateTime},
   *     else the time it was seen): positive when the estimate was late, negative when early
   * @param basis what that estimate rested on
   */
  default void endEstimateSettled(String name, Duration error, EstimateBasis basis) {}
}
