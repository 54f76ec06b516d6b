package dev.lropoller.error;

import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcCode;
import dev.lropoller.model.RpcStatus;

/**
 * The operation finished with error code 1 ({@link RpcCode#CANCELLED}), normally after a
 * {@link dev.lropoller.OperationPoller#cancel} request.
 */
public final class OperationCancelledException extends OperationFailedException {
  private static final long serialVersionUID = 1L;

  /**
   * @param operation the final snapshot
   * @param status its {@code error}, whose code is {@link RpcCode#CANCELLED}
   */
  public OperationCancelledException(Operation operation, RpcStatus status) {
    super(operation, status);
  }
}
