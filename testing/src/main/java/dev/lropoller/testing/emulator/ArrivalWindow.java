package dev.lropoller.testing.emulator;

import java.util.Arrays;

/**
 * The times of the events inside a sliding window that ends now, oldest first: a growable ring
 * of epoch nanoseconds. An event at {@code t} is inside the window ending at {@code now} while
 * {@code now - t < width} (half-open, as the engine's own budget counts). Not thread-safe.
 */
final class ArrivalWindow {
  private final long width;
  private long[] times = new long[16];
  private int head;
  private int size;

  ArrivalWindow(long widthNanos) {
    this.width = widthNanos;
  }

  /** Drops the events that are no longer inside the window ending at {@code now}. */
  void slideTo(long now) {
    while (size > 0 && now - times[head] >= width) {
      head = (head + 1) % times.length;
      size--;
    }
  }

  /** Adds an event at {@code now} (not earlier than the last one added). */
  void add(long now) {
    if (size == times.length) {
      long[] grown = new long[times.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = times[(head + i) % times.length];
      }
      Arrays.fill(times, 0);
      times = grown;
      head = 0;
    }
    times[(head + size) % times.length] = now;
    size++;
  }

  /** Events inside the window as of the last {@link #slideTo}. */
  int size() {
    return size;
  }

  /** When the oldest event leaves the window; only when {@link #size()} is positive. */
  long oldestLeavesAt() {
    return times[head] + width;
  }
}
