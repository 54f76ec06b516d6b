package dev.lropoller.error;

/**
 * A response did not have the expected shape: a body that is not an operation, a response whose
 * {@code @type} is not the one asked for, or {@code done} without a response where a body is
 * needed.
 */
public final class UnexpectedResponseException extends LroException {
  private static final long serialVersionUID = 1L;

  /**
   * @param operationName the operation, or {@code null} when the body carried no usable name
   * @param message what was expected and what came, quoting both
   */
  public UnexpectedResponseException(String operationName, String message) {
    super(operationName, message, null);
  }

  /**
   * @param operationName the operation, or {@code null} when the body carried no usable name
   * @param message what was expected and what came, quoting both
   * @param cause the parse failure
   */
  public UnexpectedResponseException(String operationName, String message, Throwable cause) {
    super(operationName, message, cause);
  }

}
