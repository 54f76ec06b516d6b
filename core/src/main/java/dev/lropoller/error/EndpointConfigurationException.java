package dev.lropoller.error;

/**
 * The endpoint cannot be reached as configured: the TLS handshake failed (an untrusted or expired
 * certificate, a host name the certificate does not cover) or the connection broke the HTTP/2
 * protocol (for example a client that insists on h2 against a server answering HTTP/1.1). A
 * configuration error, not a failure of the operation: it is not retried, since every retry would
 * fail the same way. The message names the endpoint and the cause; the cause chain keeps the
 * original {@code SSLHandshakeException} or {@code Http2Exception}.
 */
public final class EndpointConfigurationException extends LroException {
  private static final long serialVersionUID = 1L;

  public EndpointConfigurationException(String operationName, String message, Throwable cause) {
    super(operationName, message, cause);
  }
}
