package dev.lropoller.redis;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.scheduler.Scheduler;

/**
 * One simulated replica for shared watches: its own poller on the given (shared) transport, its own Lettuce client with a command and a pub/sub connection to the test's Redis,
 * and its own {@link RedisSharedWatches}, as a separate JVM would have.
 */
final class WatchReplica implements AutoCloseable {
  /**
   * Lettuce logs its reconnects through java.util.logging here (no SLF4J binding), whose console
   * handler writes to stderr on the Netty event loop: BlockHound then fails the reconnect
   * itself, and the connection stays down. Held here so the setting is not garbage-collected.
   */
  private static final Logger LETTUCE_LOG = Logger.getLogger("io.lettuce.core");

  static {
    LETTUCE_LOG.setLevel(Level.SEVERE);
  }

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final StatefulRedisPubSubConnection<String, String> pubsub;
  private final OperationPoller poller;
  private final RedisSharedWatches watches;

  WatchReplica(String id, RedisServerProcess redis, OperationsTransport transport, PollPolicy policy,
      String prefix, Duration lease, Duration check, SharedWatchListener listener,
      Scheduler scheduler) {
    // Reconnects every 100 ms, so a restarted Redis is found again within the test's patience.
    resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
        .reconnectDelay(Delay.constant(Duration.ofMillis(100))).build();
    client = RedisClient.create(resources, RedisURI.builder().withHost("127.0.0.1")
        .withPort(redis.port()).withTimeout(Duration.ofSeconds(5)).build());
    connection = client.connect();
    pubsub = client.connectPubSub();
    poller = OperationPoller.builder(transport).tokenSource(AccessTokenSource.none())
        .policy(policy).build();
    watches = RedisSharedWatches.of(poller, connection, pubsub).withReplicaId(id)
        .withKeyPrefix(prefix).withLeaseTime(lease).withCheckInterval(check)
        .withListener(listener).withScheduler(scheduler);
  }

  RedisSharedWatches watches() {
    return watches;
  }

  /** Whether the command connection is up (Lettuce reconnects it by itself). */
  boolean connected() {
    return connection.isOpen();
  }

  /** Closes the poller and both connections at once: the replica dies. */
  void die() {
    poller.close();
    connection.close();
    pubsub.close();
  }

  /** Closes both Redis connections and keeps the poller: the replica is cut off from Redis. */
  void cutOffFromRedis() {
    connection.close();
    pubsub.close();
  }

  @Override
  public void close() {
    poller.close();
    connection.close();
    pubsub.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    resources.shutdown(0, 5, TimeUnit.SECONDS);
  }
}
