package dev.lropoller.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.UnexpectedResponseException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The one classification: each factory's kind, and the engine's kind of each failure. */
class FailureKindTest {
  private static TransportException http(int status, String body) {
    return TransportException.http(status, body.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void eachFactoryCarriesOneKindAndTheFlagsAreReadFromIt() {
    assertThat(TransportException.backPressure("full", null).kind())
        .isEqualTo(TransportException.Kind.BACK_PRESSURE);
    assertThat(TransportException.credentialsFailure("no key", null).isCredentialsFailure()).isTrue();
    assertThat(TransportException.configurationFailure("tls", null).isConfigurationFailure()).isTrue();
    assertThat(TransportException.permanentFailure("too big", null).retryable()).isFalse();
    assertThat(http(503, "").retryable()).isTrue();
    assertThat(http(501, "").retryable()).isFalse();
    assertThat(http(401, "").isUnauthorized()).isTrue();
  }

  @Test
  void aTransientFailureIsToldApartByItsCauseWhenItIsMade() {
    assertThat(TransportException.transientFailure("reset", null).kind())
        .isEqualTo(TransportException.Kind.CONNECTION);
    assertThat(TransportException.transientFailure("GET", new ConnectException("refused")).kind())
        .isEqualTo(TransportException.Kind.CONNECTION);
    assertThat(TransportException.transientFailure("GET", new TimeoutException("30s")).kind())
        .isEqualTo(TransportException.Kind.TIMEOUT);
    assertThat(TransportException.transientFailure("body",
            new UnexpectedResponseException("n", "bad json", null)).kind())
        .isEqualTo(TransportException.Kind.UNREADABLE);
  }

  @Test
  void httpStatusesAreClassifiedByWhatTheEngineDoesWithThem() {
    assertThat(FailureKind.of(http(401, ""))).isEqualTo(FailureKind.UNAUTHORIZED);
    assertThat(FailureKind.of(http(404, ""))).isEqualTo(FailureKind.NOT_FOUND);
    assertThat(FailureKind.of(http(429, ""))).isEqualTo(FailureKind.QUOTA);
    assertThat(FailureKind.of(http(500, ""))).isEqualTo(FailureKind.UNAVAILABLE);
    assertThat(FailureKind.of(http(501, ""))).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(FailureKind.of(http(400,
            "{\"error\":{\"code\":400,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"m\"}}")))
        .as("a status that is not retried is no quota signal").isEqualTo(FailureKind.REJECTED);
    assertThat(FailureKind.of(http(307, ""))).isEqualTo(FailureKind.REJECTED);
  }

  @Test
  void onlyTransportFailuresAndTimeoutsAreRetried() {
    assertThat(FailureKind.of(new TimeoutException("no answer"))).isEqualTo(FailureKind.TIMEOUT);
    assertThat(FailureKind.TIMEOUT.retried()).isTrue();
    assertThat(FailureKind.of(new UnexpectedResponseException("n", "other op", null)))
        .isEqualTo(FailureKind.UNEXPECTED_ANSWER);
    assertThat(FailureKind.UNEXPECTED_ANSWER.retried()).isFalse();
    assertThat(FailureKind.of(new java.io.IOException("raw"))).isEqualTo(FailureKind.OTHER);
    assertThat(FailureKind.of(null)).isEqualTo(FailureKind.OTHER);
    assertThat(FailureKind.of(TransportException.permanentFailure("big", null)))
        .isEqualTo(FailureKind.PERMANENT);
    assertThat(FailureKind.of(TransportException.credentialsFailure("k", null)))
        .isEqualTo(FailureKind.CREDENTIALS);
    assertThat(FailureKind.of(TransportException.configurationFailure("tls", null)))
        .isEqualTo(FailureKind.CONFIGURATION);
    assertThat(FailureKind.of(TransportException.backPressure("full", null)))
        .isEqualTo(FailureKind.BACK_PRESSURE);
  }
}
