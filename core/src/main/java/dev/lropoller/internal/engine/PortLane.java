package dev.lropoller.internal.engine;

import dev.lropoller.spi.BudgetDecision;
import dev.lropoller.spi.RetryAfter;
import java.time.Duration;

/**
 * The state of one lane whose rate and cool-down a {@link BudgetPort} decides, guarded by the
 * lane's {@link Admission}: whether an ask is outstanding (at most one), until when the port said
 * to wait, whether the lane is degraded (the port failed) and until when it counts locally
 * before probing the port again, and until when, after a restore, its ring still binds.
 */
final class PortLane {
  /** The shortest wait after a {@link BudgetDecision.Wait}, so a zero wait cannot spin. */
  static final long MIN_WAIT = Duration.ofMillis(1).toNanos();

  /** The longest wait after a {@link BudgetDecision.Wait}: {@link RetryAfter#MAX_DELAY}. */
  static final long MAX_WAIT = RetryAfter.MAX_DELAY.toNanos();

  /** The key's limit, passed with each ask. */
  final int perMinute;
  boolean asking;
  private long waitUntil = Long.MIN_VALUE;
  private boolean degraded;
  private long probeAt;
  /**
   * Until a window after the lane came back to the port, the fallback ring binds as well: the
   * port may have lost what it counted (a Redis restarted empty grants a whole limit at once),
   * and this replica's sends of the minute before are in the ring, not in the port.
   */
  private long ringUntil = Long.MIN_VALUE;

  PortLane(int perMinute) {
    this.perMinute = perMinute;
  }

  /**
   * Whether the lane counts on its local ring now: degraded, and either not yet due to probe or
   * probing (a probe does not hold back local sends).
   */
  boolean local(long now) {
    return degraded && (asking || now < probeAt);
  }

  /** Whether the ring binds a lane that asks the port, now: within a window of a restore. */
  boolean ringBinds(long now) {
    return now < ringUntil;
  }

  /** When the ring stops binding: a window after the latest restore. */
  long ringUntil() {
    return ringUntil;
  }

  /**
   * When the lane may ask next, given {@code at} (now or the local cool-down's end):
   * {@link Admission#PENDING} while an ask is outstanding (its answer re-offers the lane).
   */
  long allowedAt(long at) {
    return asking ? Admission.PENDING : Math.max(at, waitUntil);
  }

  /**
   * When a degraded lane may go next, given {@code at} from its ring: no later than its probe, so
   * that a full ring does not delay the probe (the probe's turn asks the port); while the probe
   * is out, the ring alone.
   */
  long localAt(long at) {
    return asking ? at : Math.min(at, probeAt);
  }

  /**
   * Takes the port's answer to the ask: {@code decision}, or {@code failure} when the ask failed.
   *
   * @return the change of mode: {@link Change#DEGRADED}, {@link Change#RESTORED} or
   *     {@link Change#NONE}
   */
  Change answered(BudgetDecision decision, Throwable failure, long now, long probeNanos) {
    asking = false;
    if (failure != null) {
      probeAt = now + probeNanos;
      if (degraded) {
        return Change.NONE;
      }
      degraded = true;
      return Change.DEGRADED;
    }
    if (decision instanceof BudgetDecision.Wait wait) {
      // Capped as a server's Retry-After is, so a bogus wait cannot park the lane for days.
      long nanos = Budget.saturatedNanos(wait.retryAfter());
      waitUntil = now + Math.max(MIN_WAIT, Math.min(MAX_WAIT, nanos));
    }
    if (!degraded) {
      return Change.NONE;
    }
    degraded = false;
    ringUntil = now + Admission.WINDOW;
    return Change.RESTORED;
  }

  /** What an answer changed about the lane's mode, for the listener. */
  enum Change {
    /** Still in the mode it was in. */
    NONE,
    /** The port failed: the lane counts locally until a probe succeeds. */
    DEGRADED,
    /** A probe succeeded: the port decides again. */
    RESTORED
  }
}
