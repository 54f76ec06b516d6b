/**
 * A real {@code redis-server} for tests and load runs of the fleet budget:
 * {@link dev.lropoller.testing.redis.RedisServerProcess} starts one on a free loopback port, from
 * {@code PATH} or from the binary inside the {@code embedded-redis} jar, and can crash and restart
 * it empty. Nothing here depends on a Redis client: it speaks RESP over a plain socket.
 */
package dev.lropoller.testing.redis;
