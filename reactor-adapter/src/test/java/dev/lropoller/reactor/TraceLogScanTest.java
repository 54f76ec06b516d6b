package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** The suite-wide TRACE scan is on and would see a secret in a message, a parameter or a cause. */
class TraceLogScanTest {
  private final SimpleFormatter formatter = new SimpleFormatter();

  @Test
  void everyLoggerOfTheStackIsAtTheFinestLevel() {
    for (String name : new String[] {"reactor.netty.http.client.HttpClientConnect",
        "io.netty.channel", "com.google.auth.oauth2", "com.google.api.client.http",
        "dev.lropoller.reactor"}) {
      assertThat(Logger.getLogger(name).isLoggable(Level.FINEST)).as(name).isTrue();
    }
  }

  @Test
  void aTokenInAMessageParameterOrCauseIsFound() {
    LogRecord inMessage = new LogRecord(Level.FINEST, "Authorization: Bearer ya29.SECRET-7-abc");
    LogRecord inParameter = new LogRecord(Level.FINE, "token {0}");
    inParameter.setParameters(new Object[] {"ya29.SECRET-8-abc"});
    LogRecord inCause = new LogRecord(Level.WARNING, "refresh failed");
    inCause.setThrown(new IllegalStateException("wrapped",
        new RuntimeException("{\"access_token\":\"ya29.SECRET-9-abc\"}")));
    LogRecord key = new LogRecord(Level.FINE, "key "
        + Base64.getEncoder().encodeToString(TokenEndpoint.privateKey().getEncoded()));

    assertThat(TraceLogScan.leak(inMessage, formatter)).startsWith("token");
    assertThat(TraceLogScan.leak(inParameter, formatter)).startsWith("token");
    assertThat(TraceLogScan.leak(inCause, formatter)).startsWith("token");
    assertThat(TraceLogScan.leak(key, formatter)).isEqualTo("the test private key");
    assertThat(TraceLogScan.leak(new LogRecord(Level.FINE, "GET /v1/x 200"), formatter)).isNull();
  }
}
