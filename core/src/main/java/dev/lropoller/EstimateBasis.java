package dev.lropoller;

/** What an aiming watch's estimated end rests on ({@link PollListener#endEstimated}). */
public enum EstimateBasis {
  /** The rate of the operation's own {@code progressPercent} over its {@code updateTime}s. */
  PROGRESS,
  /** The durations of earlier runs of its kind seen by this poller, or the user's seed. */
  HISTORY
}
