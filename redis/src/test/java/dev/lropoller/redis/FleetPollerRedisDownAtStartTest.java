package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.model.Operation;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A poller built on a {@link LazyRedisConnection} while its {@code redis-server} is down: the
 * build does not fail, the key goes degraded (the listener hears it) and its watches complete
 * within the fallback share; once Redis is started the key returns to the fleet budget by itself
 * (the listener hears that too) and counts in Redis, while the share it spent binds for a minute
 * more. Real time, real Redis, BlockHound installed.
 */
class FleetPollerRedisDownAtStartTest {
  private static final int LIMIT = 30;
  private static final int REPLICAS = 3;
  private static final int SHARE = LIMIT / REPLICAS;

  private RedisServerProcess redis;
  private RedisClient client;

  @BeforeEach
  void startThenStopRedis() {
    redis = RedisServerProcess.start();
    redis.stop();
    client = RedisClient.create();
  }

  @AfterEach
  void stopRedis() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    redis.close();
  }

  @Test
  void aPollerStartsDegradedWhileRedisIsDownAndRestoresWhenItStarts() {
    String project = "down-at-start-" + UUID.randomUUID();
    FakeOperationsTransport fake = new FakeOperationsTransport(Schedulers.parallel());
    List<String> events = new CopyOnWriteArrayList<>();
    PollListener listener = new PollListener() {
      @Override
      public void budgetDegraded(String key, Throwable cause) {
        events.add("degraded " + key + " " + cause.getClass().getSimpleName());
      }

      @Override
      public void budgetRestored(String key) {
        events.add("restored " + key);
      }
    };
    PollPolicy policy = PollPolicy.fixed(Duration.ofMillis(50)).withJitter(0.0)
        .withFirstPollDelay(Duration.ZERO).withTimeout(Duration.ofMinutes(2));
    LazyRedisConnection connection = LazyRedisConnection.of(client,
        RedisURI.builder().withHost("127.0.0.1").withPort(redis.port())
            .withTimeout(Duration.ofSeconds(1)).build());
    OperationPoller poller = OperationPoller.builder(fake).tokenSource(AccessTokenSource.none())
        .policy(policy).listener(listener).maxRequestsPerMinute(LIMIT)
        .requestBudget(RedisRequestBudget.of(RedisFleetBudget.of(connection)))
        .requestBudgetReplicas(REPLICAS)
        .requestBudgetProbeInterval(Duration.ofMillis(200))
        .build();
    try (poller; connection) {
      assertThat(connection.isOpen()).isFalse();
      // Five operations done on their 2nd GET: ten GETs, exactly the fallback share.
      List<String> names = Flux.range(0, SHARE / 2).map(i -> name(project, i)).collectList().block();
      names.forEach(name -> fake.script(name).running(50).doneEmpty());
      List<Operation> done = Flux.fromIterable(names).flatMap(name -> poller.poll(name).last()).collectList()
          .block(Duration.ofSeconds(30));

      assertThat(done).hasSize(SHARE / 2).allMatch(Operation::done);
      assertThat(fake.count(Kind.GET)).isEqualTo(SHARE);
      assertThat(events).containsExactly(
          "degraded " + project + " RedisConnectionException");
      assertThat(connection.isOpen()).isFalse();

      redis.restart();
      String late = name(project, 99);
      fake.script(late).running(50).doneEmpty();
      Disposable lateWatch = poller.poll(late).subscribe();
      awaitTrue(() -> events.contains("restored " + project), Duration.ofSeconds(30));
      lateWatch.dispose();

      assertThat(events).containsExactly(
          "degraded " + project + " RedisConnectionException", "restored " + project);
      assertThat(connection.isOpen()).isTrue();
      assertThat(fake.count(Kind.GET))
          .as("for a minute after the restore the share spent while degraded still binds")
          .isEqualTo(SHARE);
      assertThat(Long.parseLong(redis.query("ZCARD", "lropoller:budget:{" + project + "}:slots")))
          .as("the probe's grant, answered unused, counts in Redis").isEqualTo(1);
    }
    assertThat(connection.toString()).isEqualTo("LazyRedisConnection[closed]");
  }

  /** Waits, on this test thread, until {@code condition} holds; fails after {@code limit}. */
  private static void awaitTrue(BooleanSupplier condition, Duration limit) {
    Flux.interval(Duration.ofMillis(20))
        .onBackpressureDrop()
        .filter(tick -> condition.getAsBoolean())
        .next()
        .block(limit);
  }

  private static String name(String project, int i) {
    return "projects/" + project + "/locations/us-central1/operations/" + i;
  }
}
