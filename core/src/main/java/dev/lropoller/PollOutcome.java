package dev.lropoller;

/** How one request of a watch or call ended, as reported to a {@link PollListener}. */
public enum PollOutcome {
  /** A snapshot of an operation that is still running. */
  RUNNING,
  /** A snapshot with {@code done == true}, whether it carries a response or an error. */
  DONE,
  /** An answer to a call that returns no snapshot (cancel, delete, a list page). */
  ANSWERED,
  /** A failure that is retried: 429, 5xx, connection error, request timeout, unreadable body. */
  TRANSIENT_FAILURE,
  /** An HTTP 401: the token is dropped and the request sent once more. */
  UNAUTHORIZED,
  /** A failure that ends the watch or call: another 4xx, a credentials or configuration error. */
  FAILED
}
