package dev.lropoller.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** The test fixture runs a real server, and can crash and restart it empty. */
class RedisServerProcessTest {

  @Test
  void startsARealServerThatAnswersAndReportsItsVersion() {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      System.out.println("Redis " + redis.version() + " from " + redis.origin());

      assertThat(redis.version()).matches("\\d+\\.\\d+\\.\\d+");
      assertThat(redis.query("PING")).isEqualTo("PONG");
      // Nothing on disk: a restart comes back empty.
      assertThat(redis.query("CONFIG", "GET", "save")).isEqualTo("save\n");
      assertThat(redis.query("CONFIG", "GET", "appendonly")).isEqualTo("appendonly\nno");
      assertThat(redis.query("CONFIG", "GET", "bind")).isEqualTo("bind\n127.0.0.1");
    }
  }

  @Test
  void aKilledServerRestartsEmptyOnTheSamePort() {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      int port = redis.port();
      assertThat(redis.query("SET", "k", "v")).isEqualTo("OK");

      redis.kill();

      assertThat(redis.isAlive()).isFalse();
      assertThatThrownBy(() -> redis.query("PING")).isInstanceOf(UncheckedIOException.class);

      redis.restart();

      assertThat(redis.isAlive()).isTrue();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.query("GET", "k")).isNull();
      assertThat(redis.query("DBSIZE")).isEqualTo("0");
    }
  }

  @Test
  void stopEndsTheProcess() {
    RedisServerProcess redis = RedisServerProcess.start();
    redis.stop();

    assertThat(redis.isAlive()).isFalse();
    assertThatThrownBy(() -> redis.query("PING")).isInstanceOf(UncheckedIOException.class);
  }
}
