package dev.lropoller.error;

/**
 * No access token could be had because the credentials are missing or refused: no Application
 * Default Credentials, an unreadable key, or a token endpoint that answered {@code invalid_grant}.
 * A configuration error, not a failure of the operation: it is not retried, and the message says
 * what to fix. Messages never contain a token or key material.
 */
public final class CredentialsException extends LroException {
  private static final long serialVersionUID = 1L;

  /**
   * @param operationName the operation the call was about, or {@code null}
   * @param message what is wrong with the credentials and how to fix it, without secrets
   * @param cause the underlying error, or {@code null}
   */
  public CredentialsException(String operationName, String message, Throwable cause) {
    super(operationName, message, cause);
  }
}
