package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.spi.RequestBudget;
import dev.lropoller.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
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
      String address = "redis://127.0.0.1:" + server.port();
      OperationsTransport transport = new FakeOperationsTransport(Schedulers.parallel());

      // README: Running several replicas.
      RedisClient redis = RedisClient.create(address);
      RequestBudget fleet = RedisRequestBudget.of(RedisFleetBudget.of(redis.connect().reactive()));
      OperationPoller poller = OperationPoller.builder(transport)  // or GoogleOperationPoller.builder()
          .maxRequestsPerMinute(600)      // the project's whole quota, the same on every replica
          .requestBudget(fleet)           // shared by every replica on this Redis and key prefix
          .requestBudgetReplicas(3)       // while Redis is unreachable: 600 / 3 on each replica
          .build();

      assertThat(poller.toString()).contains("requestBudget=RedisRequestBudget");
      poller.close();
      redis.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
  }
}
