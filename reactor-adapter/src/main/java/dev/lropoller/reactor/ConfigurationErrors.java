package dev.lropoller.reactor;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
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
 *
 * <p>A certificate outside its validity dates is named as such ({@link #certificateValidity}),
 * since the JDK's own message ("validity check failed") does not say which end was passed.
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

  /**
   * Says which certificate is out of its validity dates when {@code e} failed a handshake for
   * that, or {@code null} for any other failure: "the certificate CN=localhost has expired (valid
   * until 2026-01-01T00:00:00Z)" or "... is not yet valid (valid from ...)". Read from the JDK's
   * {@code CertPathValidatorException} (reason {@code EXPIRED} or {@code NOT_YET_VALID}, which
   * also points at the certificate) or, without one, from a {@code CertificateExpiredException}
   * or {@code CertificateNotYetValidException} in the cause chain.
   */
  static String certificateValidity(Throwable e) {
    Throwable t = e;
    for (int i = 0; t != null && i < MAX_DEPTH; i++, t = t.getCause()) {
      if (t instanceof CertPathValidatorException path
          && (path.getReason() == BasicReason.EXPIRED
              || path.getReason() == BasicReason.NOT_YET_VALID)) {
        boolean expired = path.getReason() == BasicReason.EXPIRED;
        X509Certificate certificate = failedCertificate(path);
        return certificate == null
            ? validity(expired, path.getCause() == null ? path.getMessage() : path.getCause().getMessage())
            : validity(expired, certificate);
      }
      if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
        return validity(t instanceof CertificateExpiredException, t.getMessage());
      }
    }
    return null;
  }

  private static X509Certificate failedCertificate(CertPathValidatorException e) {
    if (e.getCertPath() == null) {
      return null;
    }
    List<? extends Certificate> path = e.getCertPath().getCertificates();
    int index = e.getIndex();
    return index >= 0 && index < path.size() && path.get(index) instanceof X509Certificate x
        ? x
        : null;
  }

  private static String validity(boolean expired, X509Certificate certificate) {
    String subject = certificate.getSubjectX500Principal().getName();
    return expired
        ? "the certificate " + subject + " has expired (valid until "
            + certificate.getNotAfter().toInstant() + ")"
        : "the certificate " + subject + " is not yet valid (valid from "
            + certificate.getNotBefore().toInstant() + ")";
  }

  private static String validity(boolean expired, String detail) {
    return "the server's certificate " + (expired ? "has expired" : "is not yet valid")
        + (detail == null ? "" : " (" + detail + ")");
  }
}
