package dev.lropoller.internal.aim;

/**
 * The progress readings of one watch that matter for its rate: the anchor (the first reading, or
 * the first after progress went backwards) and the first reading of the latest progress value.
 * Readings whose time does not advance add nothing. Used by one thread at a time.
 *
 * <p>Measuring the rate up to the <i>first</i> reading of the latest value, not the latest
 * reading, is what makes a stall visible: while progress stands still the estimated window stays
 * where it was and passes, instead of moving along with the clock.
 */
public final class ProgressTrack {
  private boolean anchored;
  private long anchorAt;
  private int anchorPercent;
  private long lastAt;
  private int lastPercent;
  /** The first reading of the latest value, once it is above the anchor's. */
  private boolean rising;
  private long changeAt;
  private int changePercent;

  /**
   * Adds a reading.
   *
   * @param atMillis when the service last updated the progress (its {@code updateTime})
   * @param percent the progress, 0 to 100
   */
  public void observe(long atMillis, int percent) {
    if (!anchored || percent < lastPercent) {
      // The first reading, or progress went backwards (a restarted phase): measure from here.
      anchored = true;
      anchorAt = atMillis;
      anchorPercent = percent;
      lastAt = atMillis;
      lastPercent = percent;
      rising = false;
      return;
    }
    if (atMillis <= lastAt) {
      return;
    }
    if (percent > lastPercent) {
      rising = true;
      changeAt = atMillis;
      changePercent = percent;
    }
    lastAt = atMillis;
    lastPercent = percent;
  }

  /**
   * The window in which progress reaches 100 at the measured rate, or {@code null} before a
   * rise has been seen. Whole-percent readings may be short by up to one percent each, so the
   * early end assumes the rise was one percent more and the latest reading one percent further,
   * and the late end assumes the rise was one percent less (at least half of it).
   *
   * @return the window, or {@code null}
   */
  public EndWindow window() {
    if (!rising) {
      return null;
    }
    double dt = changeAt - anchorAt;
    double dp = changePercent - anchorPercent;
    double fast = (dp + 1) / dt;
    double slow = Math.max(dp - 1, dp / 2) / dt;
    long early = changeAt + (long) (Math.max(0, 100 - changePercent - 1) / fast);
    long late = changeAt + (long) (Math.max(0, 100 - changePercent) / slow);
    return new EndWindow(early, Math.max(early, late), true);
  }
}
