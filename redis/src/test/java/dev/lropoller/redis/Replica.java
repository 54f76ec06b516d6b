package dev.lropoller.redis;

import dev.lropoller.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;

/**
 * One simulated replica: its own Lettuce client, event loop and connection to the test's Redis,
 * as a separate JVM would have. Counts the commands it sends.
 */
final class Replica implements AutoCloseable {

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final CommandCounter commands = new CommandCounter();

  private Replica(RedisServerProcess redis, Duration timeout) {
    resources = ClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .commandLatencyRecorder(commands)
        .build();
    client = RedisClient.create(resources,
        RedisURI.builder().withHost("127.0.0.1").withPort(redis.port())
            .withTimeout(timeout).build());
    connection = client.connect();
  }

  /** Connects a new replica; blocks the calling (test) thread until connected. */
  static Replica connect(RedisServerProcess redis) {
    return new Replica(redis, Duration.ofSeconds(10));
  }

  /** As {@link #connect(RedisServerProcess)}, with {@code timeout} for each command. */
  static Replica connect(RedisServerProcess redis, Duration timeout) {
    return new Replica(redis, timeout);
  }

  /** A fleet budget on this replica's connection, with the default settings. */
  RedisFleetBudget budget() {
    return RedisFleetBudget.of(connection.reactive());
  }

  /** This replica's reactive commands, to look at what the budget wrote. */
  RedisReactiveCommands<String, String> redis() {
    return connection.reactive();
  }

  /** The commands this replica completed. */
  CommandCounter commands() {
    return commands;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    resources.shutdown(0, 5, java.util.concurrent.TimeUnit.SECONDS);
  }
}
