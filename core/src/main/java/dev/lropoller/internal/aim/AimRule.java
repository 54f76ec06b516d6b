package dev.lropoller.internal.aim;

/**
 * The aiming schedule's decision, a pure function of the estimate, the clock and the bounds, so
 * that it can be tested without a poller.
 */
public final class AimRule {
  /** Before the window, each wait is this share of the time left to its start. */
  static final double APPROACH_SHARE = 0.5;
  /** Past the window, each wait is this share of the time since its end. */
  static final double OVERDUE_SHARE = 0.5;
  /** Without a progress rate, a wait before the history's window is at most this share of the age. */
  static final double AGE_SHARE = 0.1;
  /** Inside a window from progress, it is crossed in at least this many polls. */
  static final int DENSE_STEPS = 20;
  /** A plan from the history may spend this share of the backoff's polls at a run's age. */
  static final double SPEND_SHARE = 1.1;

  private AimRule() {}

  /**
   * The wait before the next poll, in millis.
   *
   * <ul>
   *   <li>No window: {@code backoffMillis}.
   *   <li>A window from progress: before it, half the time to its start (the whole of it once
   *       that is within four minimum intervals, to land on the start); inside it, a twentieth
   *       of its width (at most {@code fallbackMaxMillis}); after it, half the time since its end, at most
   *       {@code fallbackMaxMillis}.
   *   <li>A window from history: before it, half the time to its start but at most a tenth of
   *       {@code ageMillis} (unknown age: {@code backoffMillis}), and never less than
   *       {@code backoffMillis}; inside or after it, {@code backoffMillis}.
   * </ul>
   *
   * Then held within {@code [minMillis, maxMillis]}.
   *
   * @param w the estimated window, or {@code null}
   * @param nowMillis the current time, on the window's clock
   * @param ageMillis the operation's age (now minus its createTime), or negative when unknown
   * @param backoffMillis the policy's next backoff delay
   * @param minMillis the user's minimum interval, positive
   * @param maxMillis the user's maximum interval, at least {@code minMillis}
   * @param fallbackMaxMillis the longest wait once the window has passed (the policy's maximum
   *     interval)
   * @return the wait, within {@code [minMillis, maxMillis]}
   * @throws IllegalArgumentException if {@code minMillis} is not positive or above
   *     {@code maxMillis}
   */
  public static long nextDelayMillis(EndWindow w, long nowMillis, long ageMillis,
      long backoffMillis, long minMillis, long maxMillis, long fallbackMaxMillis) {
    if (minMillis <= 0 || maxMillis < minMillis) {
      throw new IllegalArgumentException(
          "need 0 < minMillis <= maxMillis, but was " + minMillis + " and " + maxMillis);
    }
    long d;
    if (w == null) {
      d = backoffMillis;
    } else if (w.fromProgress()) {
      d = fromProgress(w, nowMillis, minMillis, fallbackMaxMillis);
    } else if (nowMillis < w.earlyMillis()) {
      long approach = (long) ((w.earlyMillis() - nowMillis) * APPROACH_SHARE);
      long byAge = ageMillis < 0 ? backoffMillis : (long) (ageMillis * AGE_SHARE);
      d = Math.max(backoffMillis, Math.min(approach, byAge));
    } else {
      d = backoffMillis;
    }
    return Math.max(minMillis, Math.min(maxMillis, d));
  }

  /**
   * The spending cap of a plan from the history: a run that has already had more than
   * {@link #SPEND_SHARE} times the polls the backoff at {@code budgetIntervalMillis} would have
   * made by its age (plus one) waits at least that interval, so a plan from a wrong history
   * spends at most about a tenth more than the backoff.
   *
   * @param planned the plan's wait in millis
   * @param polls the polls made so far
   * @param ageMillis the run's age, at least 0
   * @param budgetIntervalMillis the backoff's maximum interval, positive
   * @return {@code planned}, or at least {@code budgetIntervalMillis} once over the cap
   */
  public static long capSpending(long planned, int polls, long ageMillis,
      long budgetIntervalMillis) {
    double allowed = SPEND_SHARE * (1 + ageMillis / (double) budgetIntervalMillis);
    return polls > allowed ? Math.max(planned, budgetIntervalMillis) : planned;
  }

  private static long fromProgress(EndWindow w, long now, long min, long fallbackMax) {
    if (now < w.earlyMillis()) {
      long gap = w.earlyMillis() - now;
      return gap > 4 * min ? (long) (gap * APPROACH_SHARE) : gap;
    }
    if (now <= w.lateMillis()) {
      return Math.min(fallbackMax, (w.lateMillis() - w.earlyMillis()) / DENSE_STEPS);
    }
    return Math.min(fallbackMax, (long) ((now - w.lateMillis()) * OVERDUE_SHARE));
  }
}
