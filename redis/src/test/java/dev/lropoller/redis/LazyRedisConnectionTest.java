package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.reactive.RedisScriptingReactiveCommands;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * {@link LazyRedisConnection} on a real {@code redis-server}: nothing connects before the first
 * call, concurrent calls share one attempt, a failed attempt is retried by the next call, and
 * {@code close} closes the connection. BlockHound is installed.
 */
class LazyRedisConnectionTest {
  private RedisServerProcess redis;
  private RedisClient client;
  private LazyRedisConnection connection;

  @BeforeEach
  void start() {
    redis = RedisServerProcess.start();
    client = RedisClient.create();
    connection = LazyRedisConnection.of(client, RedisURI.builder().withHost("127.0.0.1")
        .withPort(redis.port()).withPassword("s3cret-pw".toCharArray())
        .withTimeout(Duration.ofSeconds(2)).build());
  }

  @AfterEach
  void stop() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    redis.close();
  }

  /** Client connections Redis has, the one of this query included. */
  private int clients() {
    return redis.query("CLIENT", "LIST").split("\n").length;
  }

  @Test
  void concurrentCallsShareOneConnectionThatCloseCloses() {
    RedisClient open = RedisClient.create();
    try (LazyRedisConnection lazy = LazyRedisConnection.of(open,
        RedisURI.create("127.0.0.1", redis.port()))) {
      assertThat(clients()).as("nothing connects before the first call").isEqualTo(1);

      List<RedisScriptingReactiveCommands<String, String>> got = Flux.range(0, 20)
          .flatMap(i -> lazy.commands()).collectList().block(Duration.ofSeconds(10));

      assertThat(got).hasSize(20).allMatch(c -> c == got.get(0));
      assertThat(clients()).isEqualTo(2);
      assertThat(lazy.isOpen()).isTrue();
      assertThat(lazy.toString()).isEqualTo("LazyRedisConnection[open]");

      lazy.close();
      // The probe is a blocking socket: off the parallel timer thread.
      Flux.interval(Duration.ofMillis(20)).publishOn(Schedulers.boundedElastic())
          .filter(t -> clients() == 1).next()
          .block(Duration.ofSeconds(10));
      assertThat(lazy.isOpen()).isFalse();
      assertThatThrownBy(() -> lazy.commands().block(Duration.ofSeconds(5)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    } finally {
      open.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
  }

  @Test
  void aFailedConnectIsRetriedByTheNextCallAndNamesNoPassword() {
    redis.stop();

    assertThatThrownBy(() -> connection.commands().block(Duration.ofSeconds(10)))
        .isInstanceOf(RedisConnectionException.class)
        .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain("s3cret-pw"));
    assertThat(connection.toString()).isEqualTo("LazyRedisConnection[not connected]");

    redis.restart();
    redis.query("CONFIG", "SET", "requirepass", "s3cret-pw");
    RedisScriptingReactiveCommands<String, String> commands =
        connection.commands().block(Duration.ofSeconds(10));

    assertThat(commands).isNotNull();
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void theBudgetsScriptShaIsTheOneRedisComputes() {
    RedisClient plain = RedisClient.create();
    try (var c = plain.connect(RedisURI.create("127.0.0.1", redis.port()))) {
      assertThat(FleetBudgetScript.SHA1).isEqualTo(c.sync().scriptLoad(FleetBudgetScript.TEXT));
    } finally {
      plain.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
  }
}
