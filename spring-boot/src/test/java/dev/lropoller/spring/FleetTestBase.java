package dev.lropoller.spring;

import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The fleet tests' servers: one emulator per class, a fresh {@code redis-server} and project per
 * test; and the starter on the emulator with a Lettuce factory on that Redis.
 */
abstract class FleetTestBase {
  static AutoMlEmulator emulator;
  RedisServerProcess redis;
  String project;

  @BeforeAll
  static void startEmulator() {
    emulator = AutoMlEmulator.builder().start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void startRedis() {
    redis = RedisServerProcess.start();
    project = "fleet-" + UUID.randomUUID();
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  /** The starter's auto-configuration against {@code emulator}, without credentials. */
  static ApplicationContextRunner runner(AutoMlEmulator emulator) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LroPollerAutoConfiguration.class))
        .withPropertyValues("lropoller.endpoint=" + emulator.baseUri(),
            "lropoller.credentials.enabled=false");
  }

  /** A Lettuce factory on {@code redis}, as Boot's Redis auto-configuration would make it. */
  static LettuceConnectionFactory lettuce(RedisServerProcess redis) {
    return new LettuceConnectionFactory(
        new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
        // A short command timeout, so that an ask to a stopped Redis fails fast (default 60 s).
        LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
  }
}
