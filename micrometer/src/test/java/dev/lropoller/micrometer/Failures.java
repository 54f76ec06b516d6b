package dev.lropoller.micrometer;

import dev.lropoller.spi.TransportException;
import java.nio.charset.StandardCharsets;

/** Failures as the engine reports them to a listener, built through public factories only. */
final class Failures {
  private Failures() {}

  static TransportException http(int status) {
    return TransportException.http(status, ("{\"error\":{\"code\":" + status + ",\"message\":\"scripted\"}}")
        .getBytes(StandardCharsets.UTF_8), null);
  }

  static TransportException notFound(String name) {
    return TransportException.http(404, ("{\"error\":{\"code\":404,\"message\":\"" + name + " not found\"}}")
        .getBytes(StandardCharsets.UTF_8), null);
  }

  static TransportException reset() {
    return TransportException.transientFailure("connection reset by peer", null);
  }

  static TransportException credentials() {
    return TransportException.credentialsFailure("no Application Default Credentials", null);
  }
}
