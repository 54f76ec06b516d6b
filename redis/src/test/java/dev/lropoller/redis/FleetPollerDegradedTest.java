package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.FakeOperationsTransport.RecordedCall;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A poller on the fleet budget whose {@code redis-server} dies and comes back empty: the key goes
 * degraded (the listener hears it), sends no more than its fallback share meanwhile, and returns
 * to the fleet budget by itself (the listener hears that too); no watch fails. Real time, real
 * Redis, BlockHound installed.
 */
class FleetPollerDegradedTest {
  private static final int LIMIT = 30;
  private static final int REPLICAS = 3;

  private RedisServerProcess redis;

  @BeforeEach
  void startRedis() {
    redis = RedisServerProcess.start();
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  @Test
  void aLostRedisDegradesTheKeyToItsShareAndItsReturnRestoresTheFleetBudget() {
    String project = "degraded-" + UUID.randomUUID();
    Scheduler clock = Schedulers.parallel();
    FakeOperationsTransport fake = new FakeOperationsTransport(clock);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<String> events = new CopyOnWriteArrayList<>();
    long[] degradedAt = {0};
    long[] restoredAt = {0};
    PollListener listener = new PollListener() {
      @Override
      public void budgetDegraded(String key, Throwable cause) {
        degradedAt[0] = clock.now(TimeUnit.NANOSECONDS);
        events.add("degraded " + key);
      }

      @Override
      public void budgetRestored(String key) {
        restoredAt[0] = clock.now(TimeUnit.NANOSECONDS);
        events.add("restored " + key);
      }
    };
    PollPolicy policy = PollPolicy.fixed(Duration.ofMillis(100)).withJitter(0.0)
        .withFirstPollDelay(Duration.ZERO).withTimeout(Duration.ofMinutes(5));
    try (Replica replica = Replica.connect(redis, Duration.ofSeconds(1))) {
      OperationPoller poller = OperationPoller.builder(fake).tokenSource(AccessTokenSource.none())
          .policy(policy).listener(listener).maxRequestsPerMinute(LIMIT)
          .requestBudget(RedisRequestBudget.of(replica.budget()))
          .requestBudgetReplicas(REPLICAS)
          .requestBudgetProbeInterval(Duration.ofMillis(300))
          .build();
      // Redis is lost before the first request: the key's sends of the last minute, which a
      // degraded key counts against its share, are then all degraded ones.
      redis.kill();
      for (int i = 0; i < 10; i++) {
        String name = "projects/" + project + "/locations/us-central1/operations/" + i;
        fake.script(name).running(10);
        poller.poll(name).subscribe(null, errors::add);
      }
      awaitTrue(() -> events.contains("degraded " + project), Duration.ofSeconds(20));
      awaitTrue(() -> fake.count(Kind.GET) >= LIMIT / REPLICAS, Duration.ofSeconds(20));
      redis.restart();
      awaitTrue(() -> events.contains("restored " + project), Duration.ofSeconds(30));
      poller.close();

      long duringOutage = fake.calls().stream().filter(c -> c.kind() == Kind.GET)
          .mapToLong(RecordedCall::atNanos)
          .filter(at -> at >= degradedAt[0] && at < restoredAt[0])
          .count();
      assertThat(events).containsExactly("degraded " + project, "restored " + project);
      assertThat(duringOutage).as("sent while degraded: the fallback share, limit / replicas")
          .isEqualTo(LIMIT / REPLICAS);
      assertThat(errors).allMatch(PollerClosedException.class::isInstance);
    }
  }

  /** Waits, on this test thread, until {@code condition} holds; fails after {@code limit}. */
  private static void awaitTrue(BooleanSupplier condition, Duration limit) {
    Flux.interval(Duration.ofMillis(20))
        .filter(tick -> condition.getAsBoolean())
        .next()
        .block(limit);
  }
}
