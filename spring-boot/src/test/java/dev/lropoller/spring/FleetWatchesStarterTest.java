package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.OperationPoller;
import dev.lropoller.model.Job;
import dev.lropoller.model.JobState;
import dev.lropoller.model.Operation;
import dev.lropoller.redis.RedisSharedWatches;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.JobScript;
import dev.lropoller.testing.emulator.OperationScript;
import dev.lropoller.testing.emulator.VertexJobKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The starter's {@link FleetWatches} against a real {@code redis-server} (no Redis mock) and the
 * emulator: there with {@code lropoller.fleet.enabled=true} and not without; two application
 * contexts on one Redis watching one operation send one loop of polls and both get its done
 * snapshot; the lease time and key prefix reach Redis; a bad lease time stops the startup quoting
 * it; a Redis down at startup starts the application, which polls locally and joins the fleet
 * once Redis is up.
 */
class FleetWatchesStarterTest extends FleetTestBase {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private ApplicationContextRunner runner() {
    return runner(emulator)
        .withBean(LettuceConnectionFactory.class, () -> lettuce(redis))
        .withPropertyValues("lropoller.max-requests-per-minute=6000",
            // The emulator's pace, as @AutoConfigureOperationEmulator sets it.
            "lropoller.poll.initial-interval=10ms", "lropoller.poll.multiplier=1",
            "lropoller.poll.jitter=0", "lropoller.poll.timeout=1m");
  }

  private ApplicationContextRunner fleet(String... more) {
    return runner().withPropertyValues("lropoller.fleet.enabled=true",
        "lropoller.fleet.probe-interval=200ms").withPropertyValues(more);
  }

  private String operation(int doneAfterPolls) {
    return emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .parent("projects/" + project + "/locations/us-central1")
        .doneAfterPolls(doneAfterPolls).build());
  }

  private static FleetWatches connected(ApplicationContext context) {
    FleetWatches watches = context.getBean(FleetWatches.class);
    assertThat(watches.connected().block(WAIT)).isNotNull();
    return watches;
  }

  @Test
  void theWatchesAreThereWithTheFleetAndNotWithout() {
    fleet().run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(FleetWatches.class);
      assertThat(connected(context).sharedWatches()).isPresent();
    });
    runner().run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean(FleetWatches.class));
  }

  @Test
  void twoReplicasWatchingOneOperationSendOneLoopAndBothGetTheDoneSnapshot() {
    fleet("lropoller.fleet.lease-time=3s").run(first -> fleet("lropoller.fleet.lease-time=3s")
        .run(second -> {
          FleetWatches one = connected(first);
          FleetWatches two = connected(second);
          String name = operation(5);

          List<Operation> last = Flux.merge(one.poll(name).last(), two.poll(name).last())
              .collectList().block(WAIT);

          assertThat(last).hasSize(2).allSatisfy(op -> {
            assertThat(op.name()).isEqualTo(name);
            assertThat(op.done()).isTrue();
          });
          assertThat(emulator.pollCount(name)).as("one loop's polls for both replicas").isEqualTo(5);
        }));
  }

  @Test
  void theLeaseTimeAndKeyPrefixReachRedis() {
    fleet("lropoller.fleet.lease-time=2s", "lropoller.fleet.watch-key-prefix=team-w:")
        .run(context -> {
          assertThat(context).hasNotFailed();
          RedisSharedWatches shared = connected(context).sharedWatches().orElseThrow();
          assertThat(shared.toString()).contains("PT2S").contains("team-w:");
          String name = operation(1_000_000);

          Flux<Operation> watch = context.getBean(FleetWatches.class).poll(name).replay(1)
              .autoConnect();
          Disposable watching = watch.subscribe();
          Operation first = watch.next().block(WAIT);
          long ttl = Long.parseLong(redis.query("PTTL", "team-w:{" + name + "}:lease"));
          watching.dispose();
          assertThat(ttl).as("the lease's time to live, ms").isBetween(1L, 2000L);
          assertThat(first.done()).isFalse();
          assertThat(redis.query("EXISTS", "lropoller:watch:{" + name + "}:lease")).isEqualTo("0");
        });
  }

  @Test
  void aBadLeaseTimeStopsTheStartupQuotingIt() {
    fleet("lropoller.fleet.lease-time=0s").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("lropoller.fleet.lease-time").hasMessageContaining("'0s'"));
    fleet("lropoller.fleet.watch-key-prefix=a{b}:").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("lropoller.fleet.watch-key-prefix")
            .hasMessageContaining("'a{b}:'"));
  }

  @Test
  void aRedisDownAtStartupStartsPollsLocallyAndJoinsWhenRedisIsUp() {
    redis.stop();
    fleet().run(context -> {
      assertThat(context).hasNotFailed();
      FleetWatches watches = context.getBean(FleetWatches.class);
      assertThat(watches.sharedWatches()).isEmpty();
      String local = operation(2);
      assertThat(watches.poll(local).last().block(WAIT).done()).isTrue();
      assertThat(emulator.pollCount(local)).isEqualTo(2);

      redis.restart();
      connected(context);
      String shared = operation(2);
      assertThat(watches.poll(shared).last().block(WAIT).done()).isTrue();
      assertThat(redis.query("EXISTS", "lropoller:watch:{" + shared + "}:snapshot"))
          .as("the done snapshot stored for the fleet").isEqualTo("1");
    });
  }

  @Test
  void twoReplicasWatchingOneJobSendOneLoopAndBothSeeItSucceed() {
    fleet("lropoller.fleet.lease-time=3s").run(first -> fleet("lropoller.fleet.lease-time=3s")
        .run(second -> {
          FleetWatches one = connected(first);
          FleetWatches two = connected(second);
          String name = pipeline();
          String alone = pipeline();

          List<Job> last = Flux.merge(one.watchJob(name).last(), two.watchJob(name).last())
              .collectList().block(WAIT);
          Job local = first.getBean(OperationPoller.class).jobs().watch(alone).blockLast(WAIT);

          assertThat(last).hasSize(2).allSatisfy(job -> {
            assertThat(job.name()).isEqualTo(name);
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
          });
          assertThat(local.state()).isEqualTo(JobState.SUCCEEDED);
          assertThat(emulator.vertex().jobPollCount(name))
              .as("GETs for both replicas, against one local loop's")
              .isEqualTo(emulator.vertex().jobPollCount(alone));
        }));
  }

  @Test
  void aNameThatIsNotAJobFailsAtOnceQuotingIt() {
    fleet().run(context -> {
      String operation = "projects/p/locations/us-central1/operations/7";
      assertThatThrownBy(() -> context.getBean(FleetWatches.class).watchJob(operation))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"" + operation + "\"");
    });
  }

  private String pipeline() {
    return emulator.vertex().startJob(JobScript.builder(VertexJobKind.TRAINING_PIPELINE)
        .parent("projects/" + project + "/locations/us-central1")
        .step(dev.lropoller.testing.emulator.JobState.RUNNING, 4)
        .endsIn(dev.lropoller.testing.emulator.JobState.SUCCEEDED).build());
  }
}
