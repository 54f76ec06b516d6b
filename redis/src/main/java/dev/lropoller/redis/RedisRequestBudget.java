package dev.lropoller.redis;

import dev.lropoller.spi.BudgetDecision;
import dev.lropoller.spi.RequestBudget;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The poller's {@link RequestBudget} port on a {@link RedisFleetBudget}: every replica whose
 * poller is built with {@code requestBudget(RedisRequestBudget.of(budget))} on the same Redis and
 * key prefix shares each key's limit.
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://localhost:6379");
 * RedisFleetBudget budget = RedisFleetBudget.of(client.connect().reactive());
 * OperationPoller poller = GoogleOperationPoller.builder()
 *     .maxRequestsPerMinute(600)          // the project's quota, on every replica
 *     .requestBudget(RedisRequestBudget.of(budget))
 *     .build();
 * }</pre>
 *
 * <p>A grant is {@link FleetAdmission.Granted}, a refusal (full or cooling down) a
 * {@link BudgetDecision.Wait} of its {@code retryAfter}. A Redis failure is the Mono's error, and
 * so is an argument the budget refuses (such as a key holding '{'): the poller then counts that
 * key locally (degraded mode) and asks again later. Lettuce's command timeout bounds each call.
 * Immutable and thread-safe; never blocks.
 */
public final class RedisRequestBudget implements RequestBudget {
  private final RedisFleetBudget budget;

  private RedisRequestBudget(RedisFleetBudget budget) {
    this.budget = budget;
  }

  /**
   * The port on {@code budget}.
   *
   * @param budget the fleet budget, with the key prefix every replica shares
   * @return the port
   * @throws NullPointerException if {@code budget} is {@code null}
   */
  public static RedisRequestBudget of(RedisFleetBudget budget) {
    return new RedisRequestBudget(Objects.requireNonNull(budget, "budget"));
  }

  /**
   * {@link RedisFleetBudget#acquire}, with {@code pendingBound} kept within what it accepts
   * (at least a millisecond, at most {@link RedisFleetBudget#MAX_DURATION}).
   *
   * @param key the budget key
   * @param perMinute the key's limit
   * @param pendingBound the request timeout
   * @return a Mono of the decision; an error when Redis fails or refuses the arguments
   */
  @Override
  public Mono<BudgetDecision> acquire(String key, int perMinute, Duration pendingBound) {
    return Mono.defer(() -> budget.acquire(key, perMinute, bound(pendingBound)))
        .map(RedisRequestBudget::decision);
  }

  /**
   * {@link RedisFleetBudget#answered}; whether the slot was still there is not reported.
   *
   * @param key the key the slot was granted on
   * @param slotId the slot
   * @return a Mono that completes once Redis recorded it; an error when Redis fails
   */
  @Override
  public Mono<Void> answered(String key, String slotId) {
    return Mono.defer(() -> budget.answered(key, slotId)).then();
  }

  /**
   * {@link RedisFleetBudget#coolDown}, for every replica.
   *
   * @param key the key that got a 429
   * @param duration how long
   * @return a Mono that completes once Redis recorded it; an error when Redis fails
   */
  @Override
  public Mono<Void> coolDown(String key, Duration duration) {
    return Mono.defer(() -> budget.coolDown(key, duration)).then();
  }

  private static Duration bound(Duration pendingBound) {
    Objects.requireNonNull(pendingBound, "pendingBound");
    if (pendingBound.compareTo(Duration.ofMillis(1)) < 0) {
      return Duration.ofMillis(1);
    }
    return pendingBound.compareTo(RedisFleetBudget.MAX_DURATION) > 0
        ? RedisFleetBudget.MAX_DURATION : pendingBound;
  }

  private static BudgetDecision decision(FleetAdmission admission) {
    if (admission instanceof FleetAdmission.Granted granted) {
      return new BudgetDecision.Granted(granted.slotId());
    }
    return new BudgetDecision.Wait(((FleetAdmission.Refused) admission).retryAfter());
  }

  /** Names the budget's prefix; never the connection. */
  @Override
  public String toString() {
    return "RedisRequestBudget[" + budget + "]";
  }
}
