package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.ApiCallException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

/** The bearer token goes only to the configured host, and only over https off loopback. */
class TokenStaysHomeTest {
  private static final String NAME = "projects/p/locations/us-central1/operations/ICN1";

  @ParameterizedTest(name = "status {0}")
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aRedirectToAnotherServerIsNotFollowedAndThatServerSeesNoToken(int status) {
    try (TokenEndpoint tokens = new TokenEndpoint();
        LoopbackServer elsewhere = LoopbackServer.json("{\"name\":\"" + NAME + "\",\"done\":true}")) {
      String location = elsewhere.uri() + "/v1/" + NAME;
      try (LoopbackServer configured = LoopbackServer.start(
          (r, res) -> res.status(status).header("Location", location).send())) {
        OperationPoller poller = GoogleOperationPoller.builder()
            .endpoint(configured.uri())
            .credentials(tokens.credentials())
            .policy(PollPolicy.fixed(Duration.ofMillis(10)))
            // Even a client that the user set to follow redirects does not follow ours.
            .httpClient(HttpClient.create().followRedirect(true))
            .build();

        StepVerifier.create(poller.get(NAME))
            .expectErrorSatisfies(e -> {
              assertThat(e).isInstanceOf(ApiCallException.class)
                  .hasMessageContaining("redirect not followed")
                  .hasMessageContaining(location);
              assertThat(TraceLogScan.secretIn(e.getMessage() + e)).isNull();
            })
            .verify(Duration.ofSeconds(20));

        assertThat(configured.only().header("Authorization"))
            .isEqualTo("Bearer " + TokenEndpoint.token(1));
        assertThat(elsewhere.requests).isEmpty();
        poller.close();
      }
    }
  }

  @Test
  void plainHttpToAHostThatIsNotLoopbackIsRefusedAtBuild() {
    for (String endpoint : new String[] {"http://automl.googleapis.com", "http://10.0.0.8:8080",
        "http://127.0.0.1.example.com", "http://localhost.example.com", "http://[::2]"}) {
      GoogleOperationPoller.Builder b = GoogleOperationPoller.builder().endpoint(URI.create(endpoint));
      assertThatThrownBy(b::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("endpoint must use https")
          .hasMessageContaining(endpoint);
    }
  }
}
