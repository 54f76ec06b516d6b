package dev.lropoller.reactor;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;

/**
 * Tells a TLS or HTTP/2 failure that a retry cannot fix (the endpoint is configured wrong) from
 * one that may pass (a reset or refused connection, a peer gone mid-handshake).
 *
 * <p>Configuration: a handshake that failed on the certificate (untrusted, expired, a host name
 * it does not cover: a {@code CertificateException} or other security exception in the cause
 * chain) or on a fatal TLS alert from the peer (no common protocol or cipher, the peer refusing
 * our certificate), and an HTTP/2 connection-level {@code PROTOCOL_ERROR} such as "First received
 * frame was not SETTINGS" (the server does not speak h2). Everything else, a handshake cut short
 * by a reset or end of stream included, stays transient.
 */
final class ConfigurationErrors {
  /** Causes followed at most, so a cyclic chain cannot loop. */
  private static final int MAX_DEPTH = 16;

  private ConfigurationErrors() {}

  /** The reason {@code e} is a configuration error, or {@code null} if it is not one. */
  static Throwable configurationCause(Throwable e) {
    Throwable t = e;
    boolean handshake = false;
    for (int i = 0; t != null && i < MAX_DEPTH; i++, t = t.getCause()) {
      if (t instanceof Http2Exception h2
          && !(t instanceof Http2Exception.StreamException)
          && h2.error() == Http2Error.PROTOCOL_ERROR) {
        return t;
      }
      if (t instanceof SSLHandshakeException) {
        handshake = true;
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("fatal alert") || message.contains("no_application_protocol")
            || message.contains("no appropriate protocol")) {
          return t;
        }
      }
      if (handshake && t instanceof GeneralSecurityException) {
        return t;
      }
    }
    return null;
  }
}
