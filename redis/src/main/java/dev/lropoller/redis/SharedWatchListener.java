package dev.lropoller.redis;

/**
 * Hears when a fleet-shared watch leaves the fleet because it cannot reach Redis, and when it
 * returns, in the style of {@code PollListener}'s {@code budgetDegraded}/{@code budgetRestored}.
 * Reported once per transition and per watched name on a replica (a watch shared by several
 * local subscribers reports once). Called on a Reactor or Lettuce thread: an implementation must
 * be quick and must not block; an exception it throws is caught and dropped.
 */
public interface SharedWatchListener {

  /** A listener that ignores every event: the default of {@link RedisSharedWatches}. */
  SharedWatchListener NONE = new SharedWatchListener() {};

  /**
   * The watch of {@code name} could not check its lease on Redis and now polls the name with
   * this replica's own loop, as without a fleet, until Redis answers again.
   *
   * @param name the operation name
   * @param cause the Redis failure or timeout
   */
  default void fellBack(String name, Throwable cause) {}

  /**
   * The watch of {@code name} reached Redis again after {@link #fellBack} and is back in the
   * fleet: it keeps polling if it took the lease, else it stops and follows the owner.
   *
   * @param name the operation name
   */
  default void rejoined(String name) {}
}
