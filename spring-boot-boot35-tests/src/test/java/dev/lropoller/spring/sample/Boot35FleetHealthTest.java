package dev.lropoller.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.spring.LroPollerAutoConfiguration;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@code lropoller.fleet.enabled=true} on Spring Boot 3.5 (Spring Data Redis 3.5): the poller
 * counts in a real {@code redis-server}, and Boot 3's health indicator reports a key degraded
 * while that Redis is stopped, status still {@code UP}.
 */
class Boot35FleetHealthTest {
  @Test
  void theFleetBudgetCountsInRedisAndAStoppedRedisShowsInTheHealthDetails() {
    String project = "fleet35-" + UUID.randomUUID();
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().start();
        RedisServerProcess redis = RedisServerProcess.start()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(LroPollerAutoConfiguration.class))
          .withBean(LettuceConnectionFactory.class, () -> new LettuceConnectionFactory(
              new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
              LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build()))
          .withPropertyValues("lropoller.endpoint=" + emulator.baseUri(),
              "lropoller.credentials.enabled=false", "lropoller.fleet.enabled=true",
              "lropoller.max-requests-per-minute=100")
          .run(context -> {
            assertThat(context).hasNotFailed();
            OperationPoller poller = context.getBean(OperationPoller.class);
            HealthIndicator health = context.getBean("lroPollerHealthIndicator", HealthIndicator.class);
            String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
                .parent("projects/" + project + "/locations/us-central1").doneAfterPolls(1).build());

            assertThat(poller.get(name).block(Duration.ofSeconds(20))).isNotNull();
            assertThat(redis.query("ZCARD", "lropoller:budget:{" + project + "}:slots")).isEqualTo("1");
            assertThat(budget(health)).containsEntry("mode", "fleet");

            redis.stop();
            assertThat(poller.get(name).block(Duration.ofSeconds(20))).isNotNull();
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(budget(health)).containsEntry("mode", "degraded")
                .containsEntry("degradedKeys", List.of(project));
          });
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> budget(HealthIndicator health) {
    return (Map<String, Object>) health.health().getDetails().get("budget");
  }
}
