package dev.lropoller.error;

import dev.lropoller.model.Operation;
import java.time.Duration;

/**
 * The poll budget ({@link dev.lropoller.PollPolicy#timeout()} or {@link dev.lropoller.PollPolicy#maxAttempts()}) was spent
 * before the operation finished. The operation itself did not fail and was not cancelled: it
 * may still be running on the server.
 *
 * <p>When the budget ran out while a failed request was being retried (a timeout, a 503, a
 * token that did not arrive), that last failure is the {@linkplain #getCause() cause}, so the
 * reason is visible; otherwise the cause is {@code null}. The cause is what the transport or
 * token source reported; the engine's own messages, and those of the bundled transport, never
 * contain an access token.
 */
public final class PollTimeoutException extends LroException {
  private static final long serialVersionUID = 1L;

  private final transient Operation lastSeen;
  private final int attempts;
  private final Duration elapsed;

  /**
   * @param operationName the watched operation
   * @param lastSeen the last successful snapshot, or {@code null} if no poll succeeded
   * @param attempts poll requests sent
   * @param elapsed time since the watch started, on the poller's scheduler clock
   * @param reason which budget was spent, for the message
   * @param lastFailure the retried failure that preceded giving up, or {@code null}
   */
  public PollTimeoutException(
      String operationName, Operation lastSeen, int attempts, Duration elapsed, String reason,
      Throwable lastFailure) {
    super(
        operationName,
        "gave up watching " + operationName + " after " + attempts + " poll(s) in " + elapsed
            + ": " + reason + "; the operation may still be running",
        lastFailure);
    this.lastSeen = lastSeen;
    this.attempts = attempts;
    this.elapsed = elapsed;
  }

  /**
   * The last snapshot a poll returned.
   *
   * @return the snapshot, or {@code null} when no poll succeeded
   */
  public Operation lastSeen() {
    return lastSeen;
  }

  /**
   * Poll requests sent, failed ones included.
   *
   * @return the attempt count
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Time from subscription to giving up, measured on the poller's scheduler.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return elapsed;
  }
}
