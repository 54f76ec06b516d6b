package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.CredentialsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Issue 7 item 9 end to end: a refused grant ends the watch with a CredentialsException. */
class CredentialsFailureWatchTest {
  private static final Duration SAFETY = Duration.ofSeconds(30);
  private static final String NAME = "projects/p/locations/us-central1/operations/ICN123";
  private static final String RUNNING = "{\"name\":\"" + NAME + "\",\"metadata\":{\"@type\":"
      + "\"type.googleapis.com/google.cloud.automl.v1.OperationMetadata\",\"createModelDetails\":{}}}";

  @Test
  void aTokenEndpointAnsweringInvalidGrantEndsTheWatchWithACredentialsException() {
    try (TokenEndpoint tokens = new TokenEndpoint();
        LoopbackServer api = LoopbackServer.json(RUNNING);
        OperationPoller poller = GoogleOperationPoller.builder()
            .endpoint(api.uri())
            .credentials(tokens.credentials())
            .policy(PollPolicy.defaults())
            .build()) {
      tokens.status = 400;

      StepVerifier.create(poller.model(NAME))
          .expectErrorSatisfies(e -> assertThat(e)
              .isInstanceOf(CredentialsException.class)
              .hasMessageContaining("invalid_grant")
              .hasMessageContaining("HTTP 400")
              .satisfies(c -> assertThat(((CredentialsException) c).operationName()).isEqualTo(NAME)))
          .verify(SAFETY);

      assertThat(tokens.requests).as("not retried").hasValue(1);
      assertThat(api.requests).as("nothing sent without a token").isEmpty();
    }
  }
}
