package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.PollTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Issue 7 item 1 end to end: real {@code ServiceAccountCredentials} whose token endpoint accepts
 * the connection and never answers. The watch must still end within its budget, typed.
 *
 * <p>The engine's timers run on a virtual-time scheduler; Google Auth's refresh runs on
 * {@code boundedElastic} against a real socket. {@code verify(SAFETY_NET)} only keeps a broken
 * build from hanging; the assertion is the virtual time at which the watch ended.
 */
class HungTokenEndpointWatchTest {
  private static final Duration SAFETY_NET = Duration.ofSeconds(10);
  private static final String NAME = "projects/p/locations/us-central1/operations/ICN123";
  private static final String RUNNING = "{\"name\":\"" + NAME + "\",\"metadata\":{\"@type\":"
      + "\"type.googleapis.com/google.cloud.automl.v1.OperationMetadata\",\"createModelDetails\":{}}}";

  @Test
  void aWatchWhoseTokenRefreshNeverAnswersEndsWithinItsBudget() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    PollPolicy policy = PollPolicy.defaults()
        .withTimeout(Duration.ofSeconds(2))
        .withRequestTimeout(Duration.ofSeconds(1));
    try (TokenEndpoint tokens = new TokenEndpoint();
        LoopbackServer api = LoopbackServer.json(RUNNING);
        OperationPoller poller = GoogleOperationPoller.builder()
            .endpoint(api.uri())
            .credentials(tokens.credentials())
            .policy(policy)
            .scheduler(vts)
            .build()) {
      tokens.hang = true;
      long start = vts.now(TimeUnit.MILLISECONDS);
      AtomicLong endedAt = new AtomicLong(-1);

      StepVerifier.create(poller.model(NAME)
              .doOnError(e -> endedAt.set(vts.now(TimeUnit.MILLISECONDS) - start)))
          .then(() -> tokens.awaitRequest(1, SAFETY_NET))
          .then(() -> vts.advanceTimeBy(Duration.ofSeconds(5)))
          .expectErrorSatisfies(e -> assertThat(e)
              .isInstanceOf(PollTimeoutException.class)
              .hasMessageContaining(NAME))
          .verify(SAFETY_NET);

      assertThat(endedAt.get()).as("virtual ms from subscription to the error")
          .isBetween(0L, policy.timeout().toMillis());
      assertThat(api.requests).as("no request without a token").isEmpty();
    } finally {
      vts.dispose();
    }
  }
}
