package dev.lropoller.spring;

import dev.lropoller.PollListener;
import dev.lropoller.WatchOutcome;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the watches between {@code watchStarted} and {@code watchEnded}, for the health report. */
final class ActiveWatches implements PollListener {
  private final AtomicLong active = new AtomicLong();

  @Override
  public void watchStarted(String name) {
    active.incrementAndGet();
  }

  @Override
  public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
    active.decrementAndGet();
  }

  long count() {
    return active.get();
  }

  @Override
  public String toString() {
    return "ActiveWatches[" + active.get() + "]";
  }
}
