package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.model.Operation;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The README's "Shared watches" snippet, compiled and run against a real {@code redis-server}
 * (only the address differs). When it changes here, change README.md the same way.
 */
class ReadmeSharedWatchesSnippetTest {

  @Test
  void theSharedWatchesSnippetWatchesAnOperationToDone() {
    try (RedisServerProcess server = RedisServerProcess.start()) {
      FakeOperationsTransport transport = new FakeOperationsTransport(Schedulers.parallel());
      String name = "projects/p/locations/us-central1/operations/readme";
      transport.script(name).running(50).doneEmpty();
      OperationPoller poller = OperationPoller.builder(transport)
          .tokenSource(AccessTokenSource.none())
          .policy(PollPolicy.fixed(Duration.ofMillis(100)).withJitter(0.0)).build();
      String podName = "pod-1";

      // README: Shared watches.
      RedisClient redis = RedisClient.create("redis://127.0.0.1:" + server.port());
      RedisSharedWatches shared = RedisSharedWatches.of(poller, redis.connect(), redis.connectPubSub())
          .withReplicaId(podName)                  // names this replica's leases; default a random UUID
          .withLeaseTime(Duration.ofSeconds(15));  // the default
      Flux<Operation> snapshots = shared.poll(name);  // or poll(name, policy)

      List<Operation> seen = snapshots.collectList().block(Duration.ofSeconds(30));
      assertThat(seen).hasSize(2).last().matches(Operation::done);
      assertThat(server.query("HGET", "lropoller:watch:{" + name + "}:snapshot", "by"))
          .startsWith("pod-1:");
      poller.close();
      redis.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
  }
}
