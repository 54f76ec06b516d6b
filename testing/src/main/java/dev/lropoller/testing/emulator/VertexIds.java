package dev.lropoller.testing.emulator;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Vertex-like numeric ids: 19 digits, increasing from a random start. */
final class VertexIds {
  private final AtomicLong next =
      new AtomicLong(1_000_000_000_000_000_000L + ThreadLocalRandom.current().nextLong(4_000_000_000_000_000_000L));

  String next() {
    return Long.toString(next.getAndIncrement());
  }
}
