package dev.lropoller.spi;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A per-key request budget kept outside the poller, such as one that several replicas of a
 * service share ({@code RedisRequestBudget} in {@code lro-poller-redis}). Set it with
 * {@code PollerBuilder.requestBudget}; without one, each poller counts its budgets alone.
 *
 * <p>The key is a budget key as {@code PollListener.coolDownStarted} names it: the project
 * segment of the names ({@code my-project}), or {@code project/location} for a poller counting
 * per project and location. The poller asks for a slot before each request of a key with a
 * per-minute limit; it keeps at most one ask per key outstanding, and reports each slot's end with
 * {@link #answered}: at most two calls per request. Requests count as
 * {@code PollerBuilder.maxRequestsPerMinute} says: from the send until a minute after the end.
 *
 * <p>The poller keeps the rest local: {@code maxInFlight}, the per-key FIFO queues and the turns
 * keys take for in-flight slots. An ask holds one of the poller's in-flight slots while it is
 * outstanding.
 *
 * <p>Every method returns a cold {@link Mono} that must not block, and may complete on any
 * thread. A Mono that fails (the store is unreachable, a timeout) puts the key in degraded mode:
 * the poller counts it locally with a share of its limit and asks again later (see
 * {@code PollerBuilder.requestBudgetReplicas}). An implementation bounds its own latency (a
 * command timeout): the poller does not time an ask out. Methods may also throw
 * {@link IllegalArgumentException} for a key they cannot store; the poller treats that like a
 * failed Mono.
 */
public interface RequestBudget {

  /**
   * Takes a slot for one request on {@code key}, unless {@code perMinute} slots of the key count
   * now or the key is cooling down.
   *
   * @param key the budget key, a project or {@code project/location}; never empty
   * @param perMinute the key's limit per minute on this poller, at least 1
   * @param pendingBound how long the request may stay unanswered: a slot whose
   *     {@link #answered} never comes (the replica died) counts no longer than this plus a
   *     minute. The poller passes its policy's request timeout
   * @return a Mono of the decision
   */
  Mono<BudgetDecision> acquire(String key, int perMinute, Duration pendingBound);

  /**
   * The request of a granted slot ended now: the slot counts until a minute from now. The poller
   * calls it once per granted slot, whether the request succeeded, failed or was given up, and
   * for a slot it could not use (its request was withdrawn meanwhile). It subscribes and ignores
   * the outcome: a failure here does not fail any watch.
   *
   * @param key the key the slot was granted on
   * @param slotId {@link BudgetDecision.Granted#slotId()}
   * @return a Mono that completes once recorded
   */
  Mono<Void> answered(String key, String slotId);

  /**
   * Cools {@code key} down for every poller sharing this budget: its asks are answered with a
   * wait until {@code duration} from now. Called after a 429 or {@code RESOURCE_EXHAUSTED}; the
   * poller also cools the key down locally. Fire and forget, like {@link #answered}.
   *
   * @param key the key that got the 429
   * @param duration how long, more than zero and at most an hour
   * @return a Mono that completes once recorded
   */
  Mono<Void> coolDown(String key, Duration duration);
}
