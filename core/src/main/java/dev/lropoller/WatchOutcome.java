package dev.lropoller;

import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.error.RetriesExhaustedException;

/** How a watch ended, as reported once per watch to a {@link PollListener}. */
public enum WatchOutcome {
  /** The operation finished with a response (or none, for {@code Empty}). */
  DONE,
  /** The operation finished with an error other than CANCELLED. */
  FAILED,
  /** The operation finished with error code 1, CANCELLED. */
  CANCELLED,
  /** The subscriber cancelled the watch before the operation finished. */
  UNSUBSCRIBED,
  /** The policy's timeout or attempt limit was spent ({@link PollTimeoutException}). */
  TIMEOUT,
  /** Too many transient failures in a row ({@link RetriesExhaustedException}). */
  RETRIES_EXHAUSTED,
  /** The poller was closed ({@link PollerClosedException}). */
  CLOSED,
  /** A non-retryable error: an API error such as 404 or 403, credentials, an unexpected body. */
  ERROR
}
