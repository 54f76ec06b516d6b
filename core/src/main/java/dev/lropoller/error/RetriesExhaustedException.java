package dev.lropoller.error;


/**
 * {@link dev.lropoller.PollPolicy#maxConsecutiveFailures()} transient failures (429, 5xx, connection errors,
 * request timeouts, unreadable bodies) happened in a row. The cause is the last failure.
 */
public final class RetriesExhaustedException extends LroException {
  private static final long serialVersionUID = 1L;

  private final int failures;

  /**
   * @param operationName the operation being watched
   * @param failures how many failures happened in a row
   * @param lastCause the last of them
   */
  public RetriesExhaustedException(String operationName, int failures, Throwable lastCause) {
    super(
        operationName,
        failures + " consecutive transient failures watching " + operationName + "; last: "
            + lastCause.getMessage(),
        lastCause);
    this.failures = failures;
  }

  /**
   * The number of failures in a row that ended the watch.
   *
   * @return the failure count
   */
  public int failures() {
    return failures;
  }
}
