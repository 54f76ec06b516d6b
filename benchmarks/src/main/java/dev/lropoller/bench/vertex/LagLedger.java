package dev.lropoller.bench.vertex;

import dev.lropoller.bench.support.Percentiles;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a contender of the lag run saw of each run: the end state and the virtual time it was
 * seen, or the error that ended its watch. Thread-safe for one report per run.
 */
final class LagLedger {
  private final List<LagRuns.Run> runs;
  private final long[] seenNanos;
  private final String[] seenState;
  private final AtomicInteger reported = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private volatile String firstError;

  /**
   * A ledger for these runs.
   *
   * @param runs the runs, in index order
   */
  LagLedger(List<LagRuns.Run> runs) {
    this.runs = List.copyOf(runs);
    this.seenNanos = new long[runs.size()];
    this.seenState = new String[runs.size()];
    Arrays.fill(seenNanos, -1);
  }

  /**
   * A run was seen in an end state.
   *
   * @param index the run
   * @param state the end state's name, such as {@code SUCCEEDED}
   * @param atNanos virtual nanoseconds since the runs were created
   */
  void seen(int index, String state, long atNanos) {
    seenState[index] = state;
    seenNanos[index] = atNanos;
    reported.incrementAndGet();
  }

  /**
   * A run's watch ended in an error.
   *
   * @param index the run
   * @param error the error
   */
  void failed(int index, Throwable error) {
    if (firstError == null) {
      firstError = index + ": " + error;
    }
    errors.incrementAndGet();
    reported.incrementAndGet();
  }

  /** Whether every run was seen ended or failed. */
  boolean allReported() {
    return reported.get() == runs.size();
  }

  /** Runs seen in their scripted end state. */
  int asScripted() {
    int n = 0;
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i).end().name().equals(seenState[i])) {
        n++;
      }
    }
    return n;
  }

  /** Runs seen in another end state. */
  int mismatches() {
    int n = 0;
    for (int i = 0; i < runs.size(); i++) {
      if (seenState[i] != null && !runs.get(i).end().name().equals(seenState[i])) {
        n++;
      }
    }
    return n;
  }

  /** Watches that ended in an error. */
  int errors() {
    return errors.get();
  }

  /** The first error, or null. */
  String firstError() {
    return firstError;
  }

  /** Runs neither seen ended nor failed. */
  int unseen() {
    return runs.size() - reported.get();
  }

  /**
   * Detection lag of every run seen ended: seen minus scripted end, in microseconds.
   *
   * @return the lags' percentiles
   */
  Percentiles lagMicros() {
    long[] lags = new long[runs.size()];
    int k = 0;
    for (int i = 0; i < runs.size(); i++) {
      if (seenNanos[i] >= 0) {
        lags[k++] = (seenNanos[i] - runs.get(i).duration().toNanos()) / 1_000;
      }
    }
    return Percentiles.of(Arrays.copyOf(lags, k));
  }

  /** The mean lag in seconds over the runs seen ended, or NaN if none. */
  double meanLagSeconds() {
    double sum = 0;
    int k = 0;
    for (int i = 0; i < runs.size(); i++) {
      if (seenNanos[i] >= 0) {
        sum += (seenNanos[i] - runs.get(i).duration().toNanos()) / 1e9;
        k++;
      }
    }
    return k == 0 ? Double.NaN : sum / k;
  }
}
