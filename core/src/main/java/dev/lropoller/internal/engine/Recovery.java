package dev.lropoller.internal.engine;

import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.spi.FailureKind;
import dev.lropoller.spi.TransportException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What follows a failed attempt, decided by {@link #after} from the failure and the budget's
 * counters alone: no timer, no state change. {@link Call} carries it out. Only failures make
 * one, so a successful poll allocates none.
 */
sealed interface Recovery {
  /** Send again at once with a fresh token (a first 401). */
  Recovery RESEND = new Resend();
  /** Wait a short jittered pause (local back-pressure), not counted as a failure. */
  Recovery PAUSE = new Pause();

  /** The pause before retrying a request the transport held back locally. */
  Duration BACK_PRESSURE_PAUSE = Duration.ofMillis(200);

  /** See {@link #RESEND}. */
  record Resend() implements Recovery {}

  /** See {@link #PAUSE}. */
  record Pause() implements Recovery {}

  /**
   * Count the failure, then retry after the budget's next backoff delay, never sooner than
   * {@code floor} (the server's {@code Retry-After} or {@code RetryInfo}, or {@code null}); with
   * {@code coolDown}, the whole project waits as long.
   */
  record Retry(Duration floor, boolean coolDown) implements Recovery {}

  /** End with {@code error}, a public exception. */
  record Fail(Throwable error) implements Recovery {}

  /**
   * End with the budget's {@code PollTimeoutException}: its time ran out, or with
   * {@code attemptsUsed} its attempts; {@code last} is the failure that was being retried.
   */
  record OutOfBudget(Throwable last, boolean attemptsUsed) implements Recovery {}

  /**
   * Decides what follows {@code error}, the failure of an attempt of {@code budget}'s call. The
   * rules, in this order:
   *
   * <ol>
   *   <li>a 401 after a re-send fails with {@code UNAUTHENTICATED};
   *   <li>a 401 with every attempt used runs out of budget;
   *   <li>another 401 re-sends at once;
   *   <li>a failure that is not retried fails with its public exception;
   *   <li>at the deadline, the call runs out of time;
   *   <li>back-pressure pauses, without counting a failure;
   *   <li>the {@code maxConsecutiveFailures}-th failure in a row fails with
   *       {@link RetriesExhaustedException};
   *   <li>with every attempt used, the call runs out of attempts;
   *   <li>else retry after backoff, at least the server's delay, with a project cool-down for
   *       {@link FailureKind#QUOTA}.
   * </ol>
   *
   * @param resent whether the failed attempt was itself the re-send after a 401
   */
  static Recovery after(Throwable error, FailureKind kind, boolean resent, Budget budget) {
    if (kind == FailureKind.UNAUTHORIZED) {
      if (resent) {
        return new Fail(Failures.unauthenticated(budget.name(), (TransportException) error));
      }
      return budget.attemptsSpent() ? new OutOfBudget(error, true) : RESEND;
    }
    if (!kind.retried()) {
      return new Fail(Failures.typed(budget.name(), error));
    }
    if (budget.remainingNanos() == 0) {
      return new OutOfBudget(error, false);
    }
    if (kind == FailureKind.BACK_PRESSURE) {
      return PAUSE;
    }
    int failures = budget.failuresInRow() + 1;
    if (failures >= budget.policy().maxConsecutiveFailures()) {
      return new Fail(new RetriesExhaustedException(budget.name(), failures, error));
    }
    if (budget.attemptsSpent()) {
      return new OutOfBudget(error, true);
    }
    Duration floor = error instanceof TransportException t ? t.retryAfter().orElse(null) : null;
    return new Retry(floor, kind == FailureKind.QUOTA);
  }

  /** Whether a failure of {@code kind} drops the token it was sent with: a first 401. */
  static boolean dropsToken(FailureKind kind, boolean resent) {
    return kind == FailureKind.UNAUTHORIZED && !resent;
  }

  /** {@link #BACK_PRESSURE_PAUSE}, jittered by up to +100% so held-back requests spread out. */
  static Duration backPressurePause(double random) {
    return BACK_PRESSURE_PAUSE.plusNanos((long) (random * BACK_PRESSURE_PAUSE.toNanos()));
  }

  /** {@link #backPressurePause(double)} with a fresh random number. */
  static Duration backPressurePause() {
    return backPressurePause(ThreadLocalRandom.current().nextDouble());
  }
}
