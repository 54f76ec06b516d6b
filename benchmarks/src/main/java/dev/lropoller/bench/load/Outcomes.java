package dev.lropoller.bench.load;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What a contender saw for each operation: when it learned of completion, or the error. */
final class Outcomes {
  private final long[] completedAtMicros;
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  Outcomes(int operations) {
    completedAtMicros = new long[operations];
  }

  void completed(int index) {
    completedAtMicros[index] = micros(Instant.now());
    completed.incrementAndGet();
  }

  void failed(int index, Throwable e) {
    errors.incrementAndGet();
    firstError.compareAndSet(null, "op " + index + ": " + e);
  }

  /** Marks every operation with neither outcome as an error (the deadline passed). */
  void deadlinePassed(String why) {
    int missing = completedAtMicros.length - completed.get() - errors.get();
    if (missing > 0) {
      errors.addAndGet(missing);
      firstError.compareAndSet(null, missing + " operations unfinished: " + why);
    }
  }

  boolean allSettled() {
    return completed.get() + errors.get() >= completedAtMicros.length;
  }

  long completedAtMicros(int index) {
    return completedAtMicros[index];
  }

  int completed() {
    return completed.get();
  }

  int errors() {
    return errors.get();
  }

  String firstError() {
    return firstError.get();
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }
}
