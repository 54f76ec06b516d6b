package dev.lropoller.spring;

import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The starter on the emulator and a Lettuce factory on a test Redis, for the fleet tests. */
final class FleetTestApps {
  private FleetTestApps() {}

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
