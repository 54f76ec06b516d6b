package dev.lropoller.internal.aim;

import dev.lropoller.Aiming;
import dev.lropoller.EstimateBasis;
import dev.lropoller.PollListener;
import dev.lropoller.model.Operation;
import dev.lropoller.model.ResourceNames;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * The aiming state of one watch: its progress track, its kind, project and creation time, and
 * the last estimate it reported. Fed every snapshot by the watch's budget, asked for each wait
 * after a successful poll. Used by one thread at a time (the budget's rule).
 */
public final class WatchAim {
  private final String name;
  private final Aiming aiming;
  private final RunHistory history;
  /** The poller's listener, or {@code null} when nobody listens. */
  private final PollListener listener;
  private final ProgressTrack track = new ProgressTrack();
  private String kind;
  private long createdMillis = -1;
  private EndWindow window;
  private long lastEstimate;
  private EstimateBasis lastBasis;
  private boolean settled;
  /** Snapshots seen, for the plan's spending cap. */
  private int polls;

  /**
   * @param name the operation
   * @param aiming the policy's aiming settings
   * @param history the poller's history of finished runs
   * @param listener the poller's listener, or {@code null}
   */
  public WatchAim(String name, Aiming aiming, RunHistory history, PollListener listener) {
    this.name = name;
    this.aiming = aiming;
    this.history = history;
    this.listener = listener;
  }

  /**
   * Takes in a snapshot: its progress reading, or, when done, its duration for the history and
   * the error of the last estimate for the listener.
   *
   * @param op the snapshot
   * @param nowMillis the poller's clock, used when the snapshot has no {@code updateTime}
   */
  public void seen(Operation op, long nowMillis) {
    polls++;
    kind = Aiming.kindOf(op);
    op.metadata().createTime().ifPresent(t -> createdMillis = t.toEpochMilli());
    long at = op.metadata().updateTime().map(Instant::toEpochMilli).orElse(nowMillis);
    if (op.done()) {
      settle(op, at);
      return;
    }
    OptionalInt percent = op.metadata().progressPercent();
    if (percent.isPresent() && op.metadata().updateTime().isPresent()) {
      track.observe(at, percent.getAsInt());
    }
    window = estimate();
    if (window != null) {
      lastEstimate = window.estimateAt(Math.max(at, nowMillis));
      lastBasis = window.fromProgress() ? EstimateBasis.PROGRESS : EstimateBasis.HISTORY;
      if (listener != null) {
        listener.endEstimated(name, Instant.ofEpochMilli(lastEstimate), lastBasis);
      }
    }
  }

  /** The window now: from progress when there is a rate, else from the history or the seed. */
  private EndWindow estimate() {
    EndWindow fromProgress = track.window();
    if (fromProgress != null || createdMillis < 0 || kind == null) {
      return fromProgress;
    }
    long[] range = history.range(kind, ResourceNames.project(name));
    if (range == null) {
      Duration[] seed = aiming.historySeed(kind);
      if (seed == null) {
        return null;
      }
      range = new long[] {seed[0].toMillis(), seed[1].toMillis()};
    }
    return new EndWindow(createdMillis + range[0], createdMillis + range[1], false);
  }

  private void settle(Operation op, long endMillis) {
    if (settled) {
      return;
    }
    settled = true;
    if (op.error().isEmpty() && createdMillis >= 0) {
      history.record(kind, ResourceNames.project(name), endMillis - createdMillis,
          aiming.historySize());
    }
    if (listener != null && lastBasis != null) {
      listener.endEstimateSettled(name, Duration.ofMillis(lastEstimate - endMillis), lastBasis);
    }
  }

  /**
   * The end this watch expects now, for the budget's likely-first order: the estimate last
   * reported to the listener, or {@code noEstimate} while there is no window.
   *
   * @param noEstimate the value to return without an estimate
   * @return epoch millis, or {@code noEstimate}
   */
  public long expectedEnd(long noEstimate) {
    return window == null ? noEstimate : lastEstimate;
  }

  /**
   * The wait before the next poll: without a progress rate but with a history of at least
   * {@link RunHistory#MIN_PLAN_RUNS} runs of the kind, its {@link HazardPlan} spending what the
   * backoff spends at {@code fallbackMax} (the backoff once the run is older than every run of
   * the history); else {@link AimRule#nextDelayMillis}.
   *
   * @param nowMillis the poller's clock in epoch millis
   * @param backoff the policy's next backoff delay, jittered
   * @param fallbackMax the policy's maximum interval
   * @return the wait, within the aiming's minimum and maximum intervals
   */
  public Duration nextDelay(long nowMillis, Duration backoff, Duration fallbackMax) {
    if (window == null) {
      // The backoff as it is, to the nanosecond, within the bounds.
      Duration d = backoff.compareTo(aiming.minInterval()) < 0 ? aiming.minInterval() : backoff;
      return d.compareTo(aiming.maxInterval()) > 0 ? aiming.maxInterval() : d;
    }
    long age = createdMillis < 0 ? -1 : Math.max(0, nowMillis - createdMillis);
    long min = aiming.minInterval().toMillis();
    if (!window.fromProgress() && age >= 0) {
      HazardPlan plan = history.plan(kind, ResourceNames.project(name), fallbackMax.toMillis(), min);
      if (plan != null) {
        long wait = plan.waitMillis(age);
        long d = wait < 0 ? backoff.toMillis()
            : AimRule.capSpending(wait, polls, age, fallbackMax.toMillis());
        return Duration.ofMillis(Math.max(min, Math.min(aiming.maxInterval().toMillis(), d)));
      }
    }
    return Duration.ofMillis(AimRule.nextDelayMillis(window, nowMillis, age, backoff.toMillis(),
        min, aiming.maxInterval().toMillis(),
        fallbackMax.toMillis()));
  }
}
