package dev.lropoller.demo;

/** How a watched operation ended, as the typed Monos of {@code OperationPoller} report it. */
public enum Outcome {
  /** {@code completion(name)} completed: the operation succeeded with an empty response. */
  COMPLETED,
  /** {@code model(name)} emitted a {@code ModelRef}. */
  MODEL,
  /** {@code result(name, BATCH_PREDICT_RESULT)} emitted a {@code BatchPredictResult}. */
  BATCH_RESULT,
  /** The operation ended with an error: {@code OperationFailedException}. */
  FAILED,
  /** The operation was cancelled: {@code OperationCancelledException} (code 1). */
  CANCELLED,
  /** The watch itself failed (timeout, retries exhausted, unexpected answer...). */
  ERROR
}
