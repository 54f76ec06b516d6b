package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.redis.RedisRequestBudget;

import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;





import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.publisher.Flux;

/**
 * {@code lropoller.fleet.*} against a real {@code redis-server} (no Redis mock) and the emulator:
 * the auto-configured poller's budget is the Redis one, shared by a second application context on
 * the same Redis; each missing piece stops the startup saying which; a stopped Redis shows in the
 * meters and the health details, and its return clears them; a Redis down at startup does not stop
 * the startup: the poller starts degraded.
 */
class FleetBudgetStarterTest extends FleetTestBase {
  private ApplicationContextRunner runner() {
    return runner(emulator);
  }

  private LettuceConnectionFactory lettuce() {
    return lettuce(redis);
  }

  private ApplicationContextRunner fleet(String... more) {
    return runner()
        .withBean(LettuceConnectionFactory.class, this::lettuce)
        .withPropertyValues("lropoller.fleet.enabled=true", "lropoller.max-requests-per-minute=100")
        .withPropertyValues(more);
  }

  private String operation() {
    return emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .parent("projects/" + project + "/locations/us-central1").doneAfterPolls(1).build());
  }

  private static void get(OperationPoller poller, String name) {
    assertThat(poller.get(name).block(Duration.ofSeconds(20))).isNotNull();
  }

  private String slotsKey(String prefix) {
    return prefix + "{" + project + "}:slots";
  }

  @Test
  void thePollersBudgetIsRedisAndASecondReplicaCountsInTheSameKey() {
    fleet().run(first -> fleet().run(second -> {
      assertThat(first).hasNotFailed();
      assertThat(first.getBean(FleetBudget.class).budget()).isInstanceOf(RedisRequestBudget.class);
      get(first.getBean(OperationPoller.class), operation());
      get(first.getBean(OperationPoller.class), operation());
      get(second.getBean(OperationPoller.class), operation());

      assertThat(redis.query("ZCARD", slotsKey("lropoller:budget:")))
          .as("both replicas' requests in one Redis key").isEqualTo("3");
    }));
  }

  @Test
  void theReadmesPropertiesStartAFleetPoller() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    int section = readme.indexOf("\n## Running several replicas\n");
    assertThat(section).isNotNegative();
    int start = readme.indexOf("```properties\n", section);
    assertThat(start).as("a properties block in the section").isNotNegative();
    start += "```properties\n".length();
    String[] lines = readme.substring(start, readme.indexOf("```", start)).strip().split("\n");

    fleet().withPropertyValues(lines).run(context -> {
      assertThat(context).hasNotFailed();
      get(context.getBean(OperationPoller.class), operation());
      assertThat(redis.query("ZCARD", slotsKey("lropoller:budget:"))).isEqualTo("1");
      assertThat(context.getBean(LroPollerProperties.class).getMaxRequestsPerMinute()).isEqualTo(600);
    });
  }

  @Test
  void theKeyPrefixAndDegradedModeSettingsReachTheBudgetAndTheBuilder() {
    fleet("lropoller.fleet.key-prefix=team-a:", "lropoller.fleet.replicas=5",
        "lropoller.fleet.probe-interval=250ms").run(context -> {
          assertThat(context).hasNotFailed();
          OperationPoller poller = context.getBean(OperationPoller.class);
          assertThat(poller.toString()).contains("requestBudget=RedisRequestBudget,"
              + " requestBudgetReplicas=5, requestBudgetProbeInterval=PT0.25S");
          get(poller, operation());
          assertThat(redis.query("ZCARD", slotsKey("team-a:"))).isEqualTo("1");
          assertThat(redis.query("EXISTS", slotsKey("lropoller:budget:"))).isEqualTo("0");
        });
  }

  @Test
  void aStoppedRedisShowsInTheMetersAndTheHealthUntilItReturns() {
    fleet("lropoller.fleet.probe-interval=200ms")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> {
          OperationPoller poller = context.getBean(OperationPoller.class);
          HealthIndicator health = context.getBean("lroPollerHealthIndicator", HealthIndicator.class);
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          get(poller, operation());
          assertThat(budget(health)).containsEntry("mode", "fleet")
              .containsEntry("degradedKeys", List.of()).containsEntry("store", "redis")
              .containsEntry("keyPrefix", "lropoller:budget:");

          redis.stop();
          get(poller, operation());
          assertThat(health.health().getStatus()).isEqualTo(Status.UP);
          assertThat(budget(health)).containsEntry("mode", "degraded")
              .containsEntry("degradedKeys", List.of(project));
          assertThat(meters.get("lropoller.budget.degraded").gauge().value()).isEqualTo(1.0);
          assertThat(transitions(meters, "degraded")).isEqualTo(1.0);
          assertThat(budget(health).toString()).doesNotContain("127.0.0.1", String.valueOf(redis.port()));

          redis.restart();
          awaitRestored(poller, meters);
          assertThat(budget(health)).containsEntry("mode", "fleet").containsEntry("degradedKeys", List.of());
          assertThat(meters.get("lropoller.budget.degraded").gauge().value()).isZero();
          assertThat(redis.query("EXISTS", slotsKey("lropoller:budget:"))).isEqualTo("1");
        });
  }

  @Test
  void withoutTheRedisModuleStartupFailsNamingTheProperty() {
    fleet().withClassLoader(new FilteredClassLoader(RedisRequestBudget.class)).run(context -> {
      FleetStartupException e = fleetFailure(context.getStartupFailure());
      assertThat(e.description()).contains("lropoller.fleet.enabled=true", "lro-poller-redis");
      assertThat(e.action()).contains("dev.lropoller:lro-poller-redis", "lropoller.fleet.enabled=false");
    });
  }

  @Test
  void withoutSpringDataRedisStartupFailsNamingTheProperty() {
    runner().withPropertyValues("lropoller.fleet.enabled=true", "lropoller.max-requests-per-minute=100")
        .withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class)).run(context -> {
          FleetStartupException e = fleetFailure(context.getStartupFailure());
          assertThat(e.description()).contains("lropoller.fleet.enabled=true", "LettuceConnectionFactory");
          assertThat(e.action()).contains("spring-boot-starter-data-redis");
        });
  }

  @Test
  void withoutALettuceFactoryBeanStartupFailsNamingTheProperty() {
    runner().withPropertyValues("lropoller.fleet.enabled=true", "lropoller.max-requests-per-minute=100")
        .run(context -> {
          FleetStartupException e = fleetFailure(context.getStartupFailure());
          assertThat(e.description()).contains("lropoller.fleet.enabled=true",
              "needs a LettuceConnectionFactory bean", "no Redis connection factory bean");
          FailureAnalysis report = new FleetFailureAnalyzer().analyze(context.getStartupFailure());
          assertThat(report.getDescription()).isEqualTo(e.description());
          assertThat(report.getAction()).isEqualTo(e.action());
        });
  }

  @Test
  void aRedisDownAtStartupStartsDegradedAndItsStartRestoresTheFleetBudget() {
    redis.stop();
    fleet("lropoller.fleet.probe-interval=200ms")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> {
          assertThat(context).hasNotFailed();
          OperationPoller poller = context.getBean(OperationPoller.class);
          HealthIndicator health = context.getBean("lroPollerHealthIndicator", HealthIndicator.class);
          MeterRegistry meters = context.getBean(MeterRegistry.class);

          get(poller, operation());
          assertThat(health.health().getStatus()).isEqualTo(Status.UP);
          assertThat(budget(health)).containsEntry("mode", "degraded")
              .containsEntry("degradedKeys", List.of(project));
          assertThat(transitions(meters, "degraded")).isEqualTo(1.0);

          redis.restart();
          awaitRestored(poller, meters);
          assertThat(budget(health)).containsEntry("mode", "fleet").containsEntry("degradedKeys", List.of());
          assertThat(redis.query("EXISTS", slotsKey("lropoller:budget:"))).isEqualTo("1");
          assertThat(context.getBean(FleetWatches.class).connected().block(Duration.ofSeconds(20)))
              .isNotNull();
          assertThat(clients()).as("the budget's connection, the shared watches' two and this"
              + " query's").isEqualTo(4);
        });
    assertThat(clients()).as("the budget's and the watches' connections closed with the context")
        .isEqualTo(1);
  }

  /** Polls a fresh operation until the meters count the key's return to the fleet budget. */
  private void awaitRestored(OperationPoller poller, MeterRegistry meters) {
    String again = operation();
    Flux.interval(Duration.ofMillis(100))
        // A get can take longer than a tick (a degraded key waits for its share): skip ticks.
        .onBackpressureDrop()
        .concatMap(tick -> poller.get(again).map(op -> transitions(meters, "restored")))
        .filter(restored -> restored == 1.0)
        .next()
        .block(Duration.ofSeconds(20));
  }

  /** Client connections Redis has, the one of this query included. */
  private int clients() {
    return redis.query("CLIENT", "LIST").split("\n").length;
  }

  @Test
  void withoutALimitToShareStartupFailsNamingTheLimit() {
    runner().withBean(LettuceConnectionFactory.class, this::lettuce)
        .withPropertyValues("lropoller.fleet.enabled=true").run(context -> {
          Throwable failure = context.getStartupFailure();
          assertThat(failure).rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
              .hasMessageContaining("lropoller.max-requests-per-minute")
              .hasMessageContaining("lropoller.fleet.enabled=true");
        });
  }

  @Test
  void badSettingsQuoteTheValue() {
    fleet("lropoller.fleet.replicas=0").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("lropoller.fleet.replicas").hasMessageContaining("'0'"));
    fleet("lropoller.fleet.probe-interval=-1s").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("lropoller.fleet.probe-interval").hasMessageContaining("'-1s'"));
    fleet("lropoller.fleet.key-prefix=a{b}:").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("lropoller.fleet.key-prefix").hasMessageContaining("'a{b}:'"));
  }

  @Test
  void offByDefaultTheStarterOpensNoRedisConnection() {
    runner().withBean(LettuceConnectionFactory.class, this::lettuce).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(FleetBudget.class)
          .doesNotHaveBean(FleetBudgetState.class).doesNotHaveBean(FleetWatches.class);
      HealthIndicator health = context.getBean("lroPollerHealthIndicator", HealthIndicator.class);
      assertThat(health.health().getDetails()).doesNotContainKey("budget");
    });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> budget(HealthIndicator health) {
    return (Map<String, Object>) health.health().getDetails().get("budget");
  }

  private static double transitions(MeterRegistry meters, String transition) {
    return meters.get("lropoller.budget.transitions").tag("transition", transition).counter().count();
  }

  private static FleetStartupException fleetFailure(Throwable failure) {
    assertThat(failure).as("startup failure").isNotNull();
    Throwable t = failure;
    while (t != null && !(t instanceof FleetStartupException)) {
      t = t.getCause();
    }
    assertThat(t).as("a FleetStartupException in " + failure).isNotNull();
    return (FleetStartupException) t;
  }
}
