package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollPolicy;
import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.OperationNotFoundException;
import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.model.RpcCode;
import dev.lropoller.spi.FailureKind;
import dev.lropoller.spi.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * {@link Recovery#after}, one test per rule, in the order the function applies them: each test
 * builds a failure and budget that the earlier rules let through, and shows that this rule, not
 * a later one, decides. The budget only supplies counters and a clock; no timer runs.
 */
class RecoveryTest {
  private static final String NAME = "projects/p/locations/us-central1/operations/1";

  private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

  private Budget budget(PollPolicy policy) {
    return new Budget(NAME, policy, clock);
  }

  private static Recovery decide(Throwable error, boolean resent, Budget budget) {
    return Recovery.after(error, FailureKind.of(error), resent, budget);
  }

  private static TransportException http(int status, String body, Duration retryAfter) {
    return TransportException.http(status, body.getBytes(StandardCharsets.UTF_8), retryAfter);
  }

  private static TransportException http(int status) {
    return http(status, "", null);
  }

  @Test
  void rule1_aSecond401InARowFailsUnauthenticated() {
    Recovery next = decide(http(401), true, budget(PollPolicy.defaults()));

    assertThat(next).isInstanceOf(Recovery.Fail.class);
    Throwable error = ((Recovery.Fail) next).error();
    assertThat(error).isInstanceOf(ApiCallException.class);
    assertThat(((ApiCallException) error).httpStatus()).isEqualTo(401);
    assertThat(((ApiCallException) error).status().code()).isEqualTo(RpcCode.UNAUTHENTICATED);
  }

  @Test
  void rule2_aFirst401WithEveryAttemptUsedRunsOutOfAttempts() {
    Budget budget = budget(PollPolicy.defaults().withMaxAttempts(1));
    budget.attemptStarted();
    TransportException error = http(401);

    assertThat(decide(error, false, budget)).isEqualTo(new Recovery.OutOfBudget(error, true));
    assertThat(Recovery.dropsToken(FailureKind.UNAUTHORIZED, false))
        .as("the token is dropped even when nothing is re-sent").isTrue();
  }

  @Test
  void rule3_aFirst401ResendsAtOnceWithAFreshToken() {
    Budget budget = budget(PollPolicy.defaults().withMaxAttempts(2));
    budget.attemptStarted();

    assertThat(decide(http(401), false, budget)).isSameAs(Recovery.RESEND);
    assertThat(Recovery.dropsToken(FailureKind.UNAUTHORIZED, true)).isFalse();
    assertThat(Recovery.dropsToken(FailureKind.UNAVAILABLE, false)).isFalse();
  }

  @Test
  void rule4_aFailureThatIsNotRetriedFailsWithItsPublicException() {
    Budget budget = budget(PollPolicy.defaults());
    clock.advanceTimeBy(PollPolicy.DEFAULT_TIMEOUT);

    Recovery next = decide(http(404), false, budget);

    assertThat(next).isInstanceOf(Recovery.Fail.class);
    assertThat(((Recovery.Fail) next).error()).isInstanceOf(OperationNotFoundException.class)
        .as("a permanent failure beats the deadline: it is reported as itself");
  }

  @Test
  void rule5_atTheDeadlineARetriedFailureRunsOutOfTime() {
    Budget budget = budget(PollPolicy.defaults().withTimeout(Duration.ofMinutes(1)));
    clock.advanceTimeBy(Duration.ofMinutes(1));
    TransportException error = TransportException.backPressure("pool full", null);

    assertThat(decide(error, false, budget)).isEqualTo(new Recovery.OutOfBudget(error, false));
  }

  @Test
  void rule6_backPressurePausesWithoutCountingAFailure() {
    Budget budget = budget(PollPolicy.defaults().withMaxConsecutiveFailures(1).withMaxAttempts(1));
    budget.attemptStarted();

    assertThat(decide(TransportException.backPressure("pool full", null), false, budget))
        .as("neither the failure limit nor the spent attempts end a back-pressure wait")
        .isSameAs(Recovery.PAUSE);
    assertThat(Recovery.backPressurePause(0)).isEqualTo(Recovery.BACK_PRESSURE_PAUSE);
    assertThat(Recovery.backPressurePause(0.5)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void rule7_theLastAllowedFailureInARowExhaustsTheRetries() {
    Budget budget = budget(PollPolicy.defaults().withMaxConsecutiveFailures(3).withMaxAttempts(1));
    budget.attemptStarted();
    budget.failed();
    budget.failed();
    TransportException error = http(503);

    Recovery next = decide(error, false, budget);

    assertThat(next).isInstanceOf(Recovery.Fail.class);
    Throwable exhausted = ((Recovery.Fail) next).error();
    assertThat(exhausted).isInstanceOf(RetriesExhaustedException.class).hasCause(error);
    assertThat(exhausted.getMessage()).contains("3");
  }

  @Test
  void rule8_withEveryAttemptUsedARetriedFailureRunsOutOfAttempts() {
    Budget budget = budget(PollPolicy.defaults().withMaxConsecutiveFailures(3).withMaxAttempts(1));
    budget.attemptStarted();
    budget.failed();
    TimeoutException error = new TimeoutException("no answer within PT30S");

    assertThat(decide(error, false, budget)).isEqualTo(new Recovery.OutOfBudget(error, true));
  }

  @Test
  void rule9_elseRetryNoSoonerThanTheServerAsksWithACoolDownOnlyForQuota() {
    Budget budget = budget(PollPolicy.defaults().withMaxConsecutiveFailures(3));
    budget.failed();

    assertThat(decide(http(429, "", Duration.ofSeconds(7)), false, budget))
        .isEqualTo(new Recovery.Retry(Duration.ofSeconds(7), true));
    assertThat(decide(http(503,
            "{\"error\":{\"code\":503,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"quota\"}}",
            null), false, budget))
        .as("a retryable status whose body says RESOURCE_EXHAUSTED cools the project down too")
        .isEqualTo(new Recovery.Retry(null, true));
    assertThat(decide(http(503), false, budget)).isEqualTo(new Recovery.Retry(null, false));
    assertThat(decide(TransportException.transientFailure("reset", null), false, budget))
        .isEqualTo(new Recovery.Retry(null, false));
  }

  @Test
  void theDecisionChangesNothingInTheBudget() {
    Budget budget = budget(PollPolicy.defaults());

    decide(http(503), false, budget);
    decide(http(401), false, budget);

    assertThat(budget.failuresInRow()).isZero();
    assertThat(budget.attempts()).isZero();
  }
}
