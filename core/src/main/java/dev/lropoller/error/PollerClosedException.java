package dev.lropoller.error;


/**
 * The {@link dev.lropoller.OperationPoller} was closed: a watch that was active at {@link dev.lropoller.OperationPoller#close()}
 * ends with this error, and any call made after it fails with it before sending anything. It says
 * nothing about the operation itself, which may still be running on the server.
 */
public final class PollerClosedException extends LroException {
  private static final long serialVersionUID = 1L;

  /**
   * @param operationName the operation (or list parent) of the call that was ended or refused
   */
  public PollerClosedException(String operationName) {
    super(operationName, "the poller is closed; watching " + operationName + " stopped", null);
  }
}
