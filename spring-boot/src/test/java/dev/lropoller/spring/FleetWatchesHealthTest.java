package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The starter's shared watches in the meters and the health details (Boot 4), against a real
 * {@code redis-server} and the emulator: a watch owned, then in fallback while Redis is stopped,
 * then back; the fall-back and the rejoin counted; the health {@code UP} throughout.
 */
class FleetWatchesHealthTest extends FleetTestBase {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void losingRedisMidWatchShowsInTheMetersAndHealthAndReturnsWhenRedisIsBack() {
    runner(emulator)
        .withBean(LettuceConnectionFactory.class, () -> lettuce(redis))
        .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("lropoller.max-requests-per-minute=6000",
            "lropoller.poll.initial-interval=10ms", "lropoller.poll.multiplier=1",
            "lropoller.poll.jitter=0", "lropoller.poll.timeout=1m",
            "lropoller.fleet.enabled=true", "lropoller.fleet.probe-interval=200ms",
            "lropoller.fleet.lease-time=1500ms")
        .run(context -> {
          assertThat(context).hasNotFailed();
          FleetWatches watches = context.getBean(FleetWatches.class);
          assertThat(watches.connected().block(WAIT)).isNotNull();
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          assertThat(watches(context)).containsEntry("connection", "connected")
              .containsEntry("keyPrefix", "lropoller:watch:").containsEntry("fellBack", 0L)
              .containsEntry("rejoined", 0L);
          assertThat(transitions(meters, "fell-back")).isZero();
          Disposable watching = watches.poll(operation()).subscribe();
          try {
            awaitTrue(() -> watches(meters, "owner") == 1);
            assertThat(watches(context)).containsEntry("owner", 1).containsEntry("fallback", 0);
            redis.stop();
            awaitTrue(() -> transitions(meters, "fell-back") >= 1);
            assertThat(watches(meters, "fallback")).isEqualTo(1);
            assertThat(watches(meters, "owner")).isZero();
            assertThat(watches(context)).containsEntry("fallback", 1);
            assertThat(health(context).health().getStatus()).isEqualTo(Status.UP);
            redis.restart();
            awaitTrue(() -> transitions(meters, "rejoined") >= 1);
            assertThat(watches(meters, "fallback")).isZero();

            Map<String, Object> shown = watches(context);
            assertThat((Long) shown.get("fellBack")).isGreaterThanOrEqualTo(1L);
            assertThat((Long) shown.get("rejoined")).isGreaterThanOrEqualTo(1L);
            assertThat(shown.toString()).doesNotContain(String.valueOf(redis.port()));
          } finally {
            watching.dispose();
          }
        });
  }

  private String operation() {
    return emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .parent("projects/" + project + "/locations/us-central1")
        .doneAfterPolls(1_000_000).build());
  }

  private static HealthIndicator health(ApplicationContext context) {
    return context.getBean("lroPollerHealthIndicator", HealthIndicator.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> watches(ApplicationContext context) {
    return (Map<String, Object>) health(context).health().getDetails().get("watches");
  }

  private static double watches(MeterRegistry meters, String mode) {
    Gauge gauge = meters.find(SharedWatchMeters.WATCHES).tag("mode", mode).gauge();
    return gauge == null ? -1 : gauge.value();
  }

  private static double transitions(MeterRegistry meters, String transition) {
    FunctionCounter counter = meters.find(SharedWatchMeters.TRANSITIONS)
        .tag("transition", transition).functionCounter();
    return counter == null ? -1 : counter.count();
  }

  /** Waits on this test thread until {@code condition} holds; fails after {@link #WAIT}. */
  private static void awaitTrue(BooleanSupplier condition) {
    Flux.interval(Duration.ofMillis(20)).filter(tick -> condition.getAsBoolean()).next().block(WAIT);
  }
}
