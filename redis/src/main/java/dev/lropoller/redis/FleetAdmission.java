package dev.lropoller.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of {@link RedisFleetBudget#acquire}: a slot to send one request with, or the time to
 * wait before asking again. A refusal is back-pressure, never a failure: the caller waits
 * {@link Refused#retryAfter()} (bounded by its own watch timeout) and asks again.
 */
public sealed interface FleetAdmission permits FleetAdmission.Granted, FleetAdmission.Refused {

  /**
   * A slot was taken for one request. Pass {@link #slotId()} to
   * {@link RedisFleetBudget#answered(String, String)} when the answer arrives.
   *
   * @param slotId the slot's id, unique within its key
   */
  record Granted(String slotId) implements FleetAdmission {
    /**
     * Checks the id.
     *
     * @param slotId the slot's id
     * @throws NullPointerException if {@code slotId} is {@code null}
     */
    public Granted {
      Objects.requireNonNull(slotId, "slotId");
    }
  }

  /**
   * No slot now.
   *
   * @param retryAfter how long until a slot frees or the cool-down ends, measured on the Redis
   *     server's clock at the moment of the decision; never negative
   * @param reason why
   */
  record Refused(Duration retryAfter, Reason reason) implements FleetAdmission {
    /**
     * Checks the fields.
     *
     * @param retryAfter the wait, not negative
     * @param reason why
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code retryAfter} is negative
     */
    public Refused {
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(reason, "reason");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
      }
    }
  }

  /** Why a request was refused. */
  enum Reason {
    /** The key's requests of the last minute fill its limit. */
    FULL,
    /** The key is cooling down after a 429 that some replica got. */
    COOLING_DOWN
  }
}
