package dev.lropoller.spring;

import dev.lropoller.redis.SharedWatchListener;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the shared watches' moves out of the fleet and back ({@link SharedWatchListener}), for
 * the starter's health details and meters. Lock-free; never blocks.
 */
final class SharedWatchTally implements SharedWatchListener {
  private final AtomicLong fellBack = new AtomicLong();
  private final AtomicLong rejoined = new AtomicLong();

  @Override
  public void fellBack(String name, Throwable cause) {
    fellBack.incrementAndGet();
  }

  @Override
  public void rejoined(String name) {
    rejoined.incrementAndGet();
  }

  /** How many times a watch lost Redis and polled by itself since startup. */
  long fellBack() {
    return fellBack.get();
  }

  /** How many times a watch that had lost Redis returned to the fleet since startup. */
  long rejoined() {
    return rejoined.get();
  }

  @Override
  public String toString() {
    return "SharedWatchTally[fellBack=" + fellBack + ", rejoined=" + rejoined + "]";
  }
}
