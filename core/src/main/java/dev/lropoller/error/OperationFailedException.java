package dev.lropoller.error;

import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcStatus;

/**
 * The operation finished ({@code done == true}) with an {@code error}. Signalled by
 * {@link dev.lropoller.OperationPoller#result}, {@link dev.lropoller.OperationPoller#model} and
 * {@link dev.lropoller.OperationPoller#completion}; {@link dev.lropoller.OperationPoller#poll} instead emits the final
 * snapshot and completes normally.
 */
public sealed class OperationFailedException extends LroException
    permits OperationCancelledException, JobExpiredException {
  private static final long serialVersionUID = 1L;

  private final transient RpcStatus status;
  private final transient Operation operation;

  /**
   * @param operation the final snapshot, whose {@code error} is set
   * @param status the operation's {@code error}
   */
  public OperationFailedException(Operation operation, RpcStatus status) {
    super(operation.name(), "operation " + operation.name() + " failed: " + status, null);
    this.status = status;
    this.operation = operation;
  }

  /** For subclasses whose message says more than "failed". */
  OperationFailedException(Operation operation, RpcStatus status, String message) {
    super(operation.name(), message, null);
    this.status = status;
    this.operation = operation;
  }

  /**
   * The {@code google.rpc.Status} the operation ended with: code, message and details.
   *
   * @return the status, never {@code null}
   */
  public RpcStatus status() {
    return status;
  }

  /**
   * The final snapshot of the operation.
   *
   * @return the snapshot whose {@code error} is {@link #status()}
   */
  public Operation operation() {
    return operation;
  }
}
