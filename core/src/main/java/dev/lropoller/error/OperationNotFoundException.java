package dev.lropoller.error;

import dev.lropoller.model.RpcStatus;

/**
 * HTTP 404: the operation does not exist, never existed under this name, or has expired (the
 * service keeps completed operations for about 30 days).
 */
public final class OperationNotFoundException extends ApiCallException {
  private static final long serialVersionUID = 1L;

  /**
   * @param operationName the name that was looked up
   * @param status the parsed error body
   */
  public OperationNotFoundException(String operationName, RpcStatus status) {
    super(operationName, 404, status);
  }
}
