package dev.lropoller.error;

/**
 * Base of every error that lro-poller signals. Unchecked, so it travels through Reactor
 * operators unchanged.
 *
 * <p>The hierarchy is sealed and its constructors are package-private: only the poller creates
 * these errors, so a caller can match on the complete set. Messages never contain access tokens
 * or key material.
 */
public abstract sealed class LroException extends RuntimeException
    permits ApiCallException, CredentialsException, EndpointConfigurationException,
        OperationFailedException, PollTimeoutException,
        PollerClosedException, RetriesExhaustedException, UnexpectedResponseException {
  private static final long serialVersionUID = 1L;

  private final String operationName;

  /**
   * @param operationName the operation (or list parent) the error is about; may be {@code null}
   *     when no name applies, such as a malformed body that carries none
   * @param message what went wrong, quoting the offending value
   * @param cause the underlying failure, or {@code null}
   */
  LroException(String operationName, String message, Throwable cause) {
    super(message, cause);
    this.operationName = operationName;
  }

  /**
   * The resource name the failing call was about, as the caller gave it.
   *
   * @return the operation name, or {@code null} when none applies
   */
  public String operationName() {
    return operationName;
  }
}
