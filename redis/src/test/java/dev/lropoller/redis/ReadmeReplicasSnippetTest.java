package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.spi.RequestBudget;
import dev.lropoller.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/**
 * The README's "Running several replicas" snippet, compiled and built for real against a real
 * {@code redis-server} (only the address differs). When it changes here, change README.md the
 * same way.
 */
class ReadmeReplicasSnippetTest {

  @Test
  void theReplicasSnippetBuildsAPollerOnTheFleetBudget() {
    try (RedisServerProcess server = RedisServerProcess.start()) {
      OperationsTransport transport = new FakeOperationsTransport(Schedulers.parallel());

      // README: Running several replicas.
      RedisClient client = RedisClient.create();
      RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(server.port())
          .withTimeout(Duration.ofMillis(500))  // each ask's bound: a key degrades after it
          .build();
      LazyRedisConnection connection = LazyRedisConnection.of(client, uri);  // connects on first use
      RequestBudget fleet = RedisRequestBudget.of(RedisFleetBudget.of(connection));
      OperationPoller poller = OperationPoller.builder(transport)  // or GoogleOperationPoller.builder()
          .maxRequestsPerMinute(600)      // the project's whole quota, the same on every replica
          .requestBudget(fleet)           // shared by every replica on this Redis and key prefix
          .requestBudgetReplicas(3)       // while Redis is unreachable: 600 / 3 on each replica
          .build();

      assertThat(poller.toString()).contains("requestBudget=RedisRequestBudget");
      assertThat(connection.isOpen()).as("nothing connects while the poller is built").isFalse();
      poller.close();
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
  }
}
