/**
 * Fleet-wide state for lro-poller on Redis, through Lettuce's reactive API.
 *
 * <p>{@link dev.lropoller.redis.RedisFleetBudget} keeps a per-key request budget (the key is a
 * project, or a project and location) that every replica of a service shares: the decision runs
 * atomically on the server in one Lua script, on the server's clock.
 * {@link dev.lropoller.redis.RedisRequestBudget} plugs it into a poller as its
 * {@link dev.lropoller.spi.RequestBudget}.
 */
package dev.lropoller.redis;
