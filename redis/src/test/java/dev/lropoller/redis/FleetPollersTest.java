package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Two pollers in one JVM, as two replicas, each with its own Lettuce connection to one real
 * {@code redis-server}, polling one project through one fake transport: the fleet budget holds the
 * project to its limit for both together, and both get slots. Runs on real time (Redis's clock
 * decides), well within the minute the slots count for, with BlockHound installed.
 */
class FleetPollersTest {
  private static final int LIMIT = 20;
  private static final int WATCHES_PER_POLLER = 10;

  private static RedisServerProcess redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  private static String op(String project, String replica, int i) {
    return "projects/" + project + "/locations/us-central1/operations/" + replica + "-" + i;
  }

  @Test
  void twoPollersSharingOneRedisSendNoMoreThanTheLimitTogetherAndBothGetSlots() {
    String project = "fleet-" + UUID.randomUUID();
    String prefix = "test:" + UUID.randomUUID() + ":";
    FakeOperationsTransport fake = new FakeOperationsTransport(Schedulers.parallel());
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<String> degraded = new CopyOnWriteArrayList<>();
    PollListener listener = new PollListener() {
      @Override
      public void budgetDegraded(String key, Throwable cause) {
        degraded.add(key + ": " + cause);
      }
    };
    // Every 100 ms per watch: 20 watches would send 400 requests in the 2 s below without it.
    PollPolicy policy = PollPolicy.fixed(Duration.ofMillis(100)).withJitter(0.0)
        .withFirstPollDelay(Duration.ofMillis(300)).withTimeout(Duration.ofMinutes(5));
    long started = System.nanoTime();
    try (Replica one = Replica.connect(redis); Replica two = Replica.connect(redis)) {
      OperationPoller[] pollers = new OperationPoller[2];
      Replica[] replicas = {one, two};
      for (int r = 0; r < 2; r++) {
        pollers[r] = OperationPoller.builder(fake).tokenSource(AccessTokenSource.none())
            .policy(policy).listener(listener).maxRequestsPerMinute(LIMIT)
            .requestBudget(RedisRequestBudget.of(replicas[r].budget().withKeyPrefix(prefix)))
            .build();
        for (int i = 0; i < WATCHES_PER_POLLER; i++) {
          String name = op(project, "r" + r, i);
          fake.script(name).running(10);
          pollers[r].poll(name).subscribe(null, errors::add);
        }
      }

      Flux.interval(Duration.ofMillis(20))
          .filter(tick -> fake.count(Kind.GET) >= LIMIT)
          .next()
          .block(Duration.ofSeconds(20));
      Mono.delay(Duration.ofSeconds(2)).block();
      long r0 = gets(fake, project, "r0");
      long r1 = gets(fake, project, "r1");
      for (OperationPoller p : pollers) {
        p.close();
      }

      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("the run fits in one minute, so every send counts against one window")
          .isLessThan(Duration.ofSeconds(50));
      assertThat(r0 + r1).as("both pollers together: the limit, no more").isEqualTo(LIMIT);
      assertThat(r0).as("neither starves: the replicas' asks interleave").isGreaterThanOrEqualTo(
          LIMIT / 4);
      assertThat(r1).isGreaterThanOrEqualTo(LIMIT / 4);
      assertThat(degraded).isEmpty();
      assertThat(errors).allMatch(PollerClosedException.class::isInstance);
    }
  }

  private static long gets(FakeOperationsTransport fake, String project, String replica) {
    String prefix = "projects/" + project + "/locations/us-central1/operations/" + replica + "-";
    return fake.calls().stream()
        .filter(c -> c.kind() == Kind.GET && c.name().startsWith(prefix))
        .count();
  }
}
