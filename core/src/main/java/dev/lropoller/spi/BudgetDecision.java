package dev.lropoller.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of {@link RequestBudget#acquire}: a slot to send one request with, or how long to
 * wait before asking again. A wait is back-pressure, never a failure: the poller asks again after
 * {@link Wait#retryAfter()}, and each request's own watch timeout still ends its wait.
 */
public sealed interface BudgetDecision permits BudgetDecision.Granted, BudgetDecision.Wait {

  /**
   * A slot for one request. The poller passes {@link #slotId()} to
   * {@link RequestBudget#answered} once that request ends (answered, failed or given up).
   *
   * @param slotId the slot's id, unique within its key; opaque to the poller
   */
  record Granted(String slotId) implements BudgetDecision {
    /**
     * Checks the id.
     *
     * @param slotId the slot's id
     * @throws NullPointerException if {@code slotId} is {@code null}
     * @throws IllegalArgumentException if {@code slotId} is empty
     */
    public Granted {
      Objects.requireNonNull(slotId, "slotId");
      if (slotId.isEmpty()) {
        throw new IllegalArgumentException("slotId must not be empty");
      }
    }
  }

  /**
   * No slot now: ask again after {@code retryAfter}.
   *
   * @param retryAfter how long until a slot may free or the key's cool-down ends; not negative.
   *     The poller waits at least a millisecond, so zero cannot spin, and at most an hour (as it
   *     caps a server's {@code Retry-After})
   */
  record Wait(Duration retryAfter) implements BudgetDecision {
    /**
     * Checks the wait.
     *
     * @param retryAfter the wait, not negative
     * @throws NullPointerException if {@code retryAfter} is {@code null}
     * @throws IllegalArgumentException if {@code retryAfter} is negative, quoting it
     */
    public Wait {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
      }
    }
  }
}
