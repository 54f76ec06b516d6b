package dev.lropoller.redis;

import dev.lropoller.spi.BudgetDecision;
import dev.lropoller.spi.RequestBudget;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

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
 *
 * <p><b>Answers travel with the next ask.</b> The end of a request ({@link #answered}) is not sent
 * on its own: it waits for the next {@link #acquire} of its key, whose script run records it first,
 * at its own time, and then decides. So a request costs one Redis round trip instead of two while
 * its key is busy. An answer that no ask carries within the {@linkplain #withAnswerDelay answer
 * delay} (250 ms by default) is sent on its own, with the other answers of its key that wait, and
 * 64 waiting answers of a key are sent at once. The price is on the safe side: a slot counts until
 * at most the answer delay plus one round trip after the minute that follows its answer, never
 * shorter. An answer whose call fails, or that still waits when the process dies or the connection
 * closes, is lost: its slot then counts until its pending bound plus a minute, as a dead replica's
 * does.
 *
 * <p>Thread-safe; never blocks. Settings are copy-on-write: {@link #withAnswerDelay} returns a new
 * port, with no answers waiting, and leaves this one unchanged; configure it before the poller uses
 * it.
 */
public final class RedisRequestBudget implements RequestBudget {

  /** The default {@linkplain #withAnswerDelay answer delay}: 250 ms. */
  public static final Duration DEFAULT_ANSWER_DELAY = Duration.ofMillis(250);

  /** The longest answer delay accepted: 10 s. */
  public static final Duration MAX_ANSWER_DELAY = Duration.ofSeconds(10);

  private final RedisFleetBudget budget;
  private final Duration answerDelay;
  private final Scheduler timer;
  private final AnswerBatches answers;

  private RedisRequestBudget(RedisFleetBudget budget, Duration answerDelay, Scheduler timer) {
    this.budget = budget;
    this.answerDelay = answerDelay;
    this.timer = timer;
    this.answers = new AnswerBatches(answerDelay, timer, budget::answered);
  }

  /**
   * The port on {@code budget}.
   *
   * @param budget the fleet budget, with the key prefix every replica shares
   * @return the port
   * @throws NullPointerException if {@code budget} is {@code null}
   */
  public static RedisRequestBudget of(RedisFleetBudget budget) {
    return new RedisRequestBudget(Objects.requireNonNull(budget, "budget"), DEFAULT_ANSWER_DELAY,
        Schedulers.parallel());
  }

  /**
   * A copy whose answers wait at most {@code answerDelay} for an ask of their key to carry them
   * before they are sent on their own. Longer delays save more round trips on quiet keys and make
   * slots count up to that much longer after their minute; zero sends each answer at once (two
   * round trips per request).
   *
   * @param answerDelay from zero to {@link #MAX_ANSWER_DELAY}; default
   *     {@link #DEFAULT_ANSWER_DELAY}
   * @return a new port, with no answers waiting
   * @throws NullPointerException if {@code answerDelay} is {@code null}
   * @throws IllegalArgumentException if {@code answerDelay} is negative or above
   *     {@link #MAX_ANSWER_DELAY}, quoting it
   */
  public RedisRequestBudget withAnswerDelay(Duration answerDelay) {
    Objects.requireNonNull(answerDelay, "answerDelay");
    if (answerDelay.isNegative() || answerDelay.compareTo(MAX_ANSWER_DELAY) > 0) {
      throw new IllegalArgumentException(
          "answerDelay must be from 0 to " + MAX_ANSWER_DELAY + ": " + answerDelay);
    }
    return new RedisRequestBudget(budget, answerDelay, timer);
  }

  /**
   * How long an answer waits for an ask of its key to carry it.
   *
   * @return the answer delay; {@link #DEFAULT_ANSWER_DELAY} unless {@link #withAnswerDelay} changed
   *     it
   */
  public Duration answerDelay() {
    return answerDelay;
  }

  /** A copy whose answer delays run on {@code timer}: a virtual-time scheduler in tests. */
  RedisRequestBudget withTimer(Scheduler timer) {
    return new RedisRequestBudget(budget, answerDelay, Objects.requireNonNull(timer, "timer"));
  }

  /**
   * {@link RedisFleetBudget#acquire}, with {@code pendingBound} kept within what it accepts
   * (at least a millisecond, at most {@link RedisFleetBudget#MAX_DURATION}), carrying the answers
   * of {@code key} that wait: the same script run records them first.
   *
   * @param key the budget key
   * @param perMinute the key's limit
   * @param pendingBound the request timeout
   * @return a Mono of the decision; an error when Redis fails or refuses the arguments
   */
  @Override
  public Mono<BudgetDecision> acquire(String key, int perMinute, Duration pendingBound) {
    return Mono.defer(() -> {
      Duration bound = bound(pendingBound);
      RedisFleetBudget.checkKey(key);
      AnswerBatches.Batch carried = answers.take(key);
      if (carried == null) {
        return budget.acquire(key, perMinute, bound);
      }
      try {
        return carried.carriedBy(budget.acquire(key, perMinute, bound, carried.ids()));
      } catch (RuntimeException refused) {
        carried.failed(refused);
        throw refused;
      }
    }).map(RedisRequestBudget::decision);
  }

  /**
   * {@link RedisFleetBudget#answered}, sent with the next ask of {@code key} or after the answer
   * delay (see the class comment); whether the slot was still there is not reported.
   *
   * @param key the key the slot was granted on
   * @param slotId the slot
   * @return a Mono that completes once Redis recorded it; an error when the call that carried it
   *     failed, or when {@code key} or {@code slotId} cannot be stored
   */
  @Override
  public Mono<Void> answered(String key, String slotId) {
    return Mono.defer(() -> answers.add(
        RedisFleetBudget.checkKey(key), RedisFleetBudget.checkSlotId(slotId)));
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

  /** Names the budget's prefix and the answer delay; never the connection. */
  @Override
  public String toString() {
    return "RedisRequestBudget[" + budget + ", answerDelay=" + answerDelay + "]";
  }
}
