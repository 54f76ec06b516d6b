package dev.lropoller.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.Operation;
import dev.lropoller.spi.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureCauseTest {
  @Test
  void httpStatusesFallIntoFewBuckets() {
    assertThat(FailureCause.of(Failures.http(429))).isEqualTo(FailureCause.HTTP_429);
    assertThat(FailureCause.of(Failures.http(401))).isEqualTo(FailureCause.HTTP_401);
    assertThat(FailureCause.of(Failures.http(404))).isEqualTo(FailureCause.HTTP_404);
    assertThat(FailureCause.of(Failures.http(403))).isEqualTo(FailureCause.HTTP_4XX);
    assertThat(FailureCause.of(Failures.http(307))).isEqualTo(FailureCause.HTTP_4XX);
    assertThat(FailureCause.of(Failures.http(500))).isEqualTo(FailureCause.HTTP_5XX);
    assertThat(FailureCause.of(Failures.http(504))).isEqualTo(FailureCause.HTTP_5XX);
  }

  @Test
  void transportFailuresWithoutAStatusAreReadFromTheirCause() {
    assertThat(FailureCause.of(null)).isEqualTo(FailureCause.NONE);
    assertThat(FailureCause.of(Failures.credentials())).isEqualTo(FailureCause.TOKEN);
    assertThat(FailureCause.of(Failures.reset())).isEqualTo(FailureCause.CONNECTION);
    assertThat(FailureCause.of(TransportException.transientFailure("GET failed", new ConnectException("refused"))))
        .isEqualTo(FailureCause.CONNECTION);
    assertThat(FailureCause.of(TransportException.transientFailure("GET failed", new TimeoutException("30s"))))
        .isEqualTo(FailureCause.TIMEOUT);
    assertThat(FailureCause.of(new TimeoutException("no answer within PT30S"))).isEqualTo(FailureCause.TIMEOUT);
    assertThat(FailureCause.of(new ReadTimeoutException())).isEqualTo(FailureCause.TIMEOUT);
    assertThat(FailureCause.of(TransportException.permanentFailure("body over the limit", null)))
        .isEqualTo(FailureCause.OTHER);
    assertThat(FailureCause.of(new IllegalStateException("boom"))).isEqualTo(FailureCause.OTHER);
  }

  @Test
  void unreadableBodiesAreNotConnectionErrors() {
    UnexpectedResponseException parse = parseFailure();
    assertThat(FailureCause.of(parse)).isEqualTo(FailureCause.UNREADABLE);
    assertThat(FailureCause.of(TransportException.transientFailure("unreadable 200 body", parse)))
        .isEqualTo(FailureCause.UNREADABLE);
    assertThat(FailureCause.of(new JsonParseException(null, "Unexpected end-of-input")))
        .isEqualTo(FailureCause.UNREADABLE);
    assertThat(FailureCause.of(new IOException("Connection prematurely closed BEFORE response")))
        .isEqualTo(FailureCause.CONNECTION);
  }

  @Test
  void theTagFollowsTheEnginesClassificationNotTheCauseChain() {
    byte[] quota = "{\"error\":{\"code\":503,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"q\"}}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(FailureCause.of(TransportException.http(503, quota, null)))
        .as("the engine treats it as quota: the project cools down").isEqualTo(FailureCause.HTTP_429);
    assertThat(FailureCause.of(TransportException.permanentFailure("not sent",
            new IOException("Connection refused"))))
        .as("a permanent failure is not retried, whatever its cause").isEqualTo(FailureCause.OTHER);
    assertThat(FailureCause.of(TransportException.backPressure("pool full", null)))
        .isEqualTo(FailureCause.CONNECTION);
  }

  @Test
  void tagsAreLowercaseNames() {
    assertThat(FailureCause.HTTP_5XX.tag()).isEqualTo("http_5xx");
    assertThat(FailureCause.NONE.tag()).isEqualTo("none");
  }

  private static UnexpectedResponseException parseFailure() {
    try {
      Operation.parse("{\"name\":\"operations/x\",\"done\":tr");
    } catch (UnexpectedResponseException e) {
      return e;
    }
    throw new AssertionError("a truncated body must not parse");
  }

  /** Stands for Netty's ReadTimeoutException, which is not a java.util.concurrent one. */
  private static final class ReadTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
