package dev.lropoller.redis;

/**
 * How many shared watches of one {@link RedisSharedWatches} stand where, at one instant: for
 * meters and health checks, as {@code okhttp3.Dispatcher} counts its calls. Each watch (one per
 * name and policy, however many local subscribers share it) is in exactly one of the four.
 * Immutable; the counts are read one watch after another, so under churn they describe nearly,
 * not exactly, one instant.
 *
 * @param starting watches whose first lease check has not been answered yet
 * @param owner watches that hold the lease: this replica polls their names for the fleet
 * @param follower watches that deliver another replica's snapshots and do not poll
 * @param fallback watches that could not check their lease on Redis and poll with this replica's
 *     own loop until a check succeeds ({@link SharedWatchListener#fellBack})
 */
public record SharedWatchCounts(int starting, int owner, int follower, int fallback) {

  /**
   * Checks the counts.
   *
   * @throws IllegalArgumentException if a count is negative, quoting the counts
   */
  public SharedWatchCounts {
    if (starting < 0 || owner < 0 || follower < 0 || fallback < 0) {
      throw new IllegalArgumentException("counts must not be negative: starting=" + starting
          + ", owner=" + owner + ", follower=" + follower + ", fallback=" + fallback);
    }
  }

  /**
   * All watches counted.
   *
   * @return {@code starting + owner + follower + fallback}
   */
  public int total() {
    return starting + owner + follower + fallback;
  }
}
