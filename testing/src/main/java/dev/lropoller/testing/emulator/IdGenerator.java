package dev.lropoller.testing.emulator;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** AutoML-like unique ids: {@code ICN} followed by 19 digits, increasing from a random start. */
final class IdGenerator {
  private final AtomicLong next =
      new AtomicLong(1_000_000_000_000_000_000L + ThreadLocalRandom.current().nextLong(4_000_000_000_000_000_000L));

  String next() {
    return "ICN" + next.getAndIncrement();
  }
}
