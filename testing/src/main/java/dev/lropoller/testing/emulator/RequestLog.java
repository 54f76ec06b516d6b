package dev.lropoller.testing.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A bounded, lock-free log of recorded requests plus counters. */
final class RequestLog {
  private final int capacity;
  private final ConcurrentLinkedQueue<RecordedRequest> entries = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong faults = new AtomicLong();

  RequestLog(int capacity) {
    this.capacity = capacity;
  }

  void add(RecordedRequest r) {
    requests.incrementAndGet();
    if (r.fault() != null) {
      faults.incrementAndGet();
    }
    if (capacity == 0) {
      return;
    }
    entries.add(r);
    if (size.incrementAndGet() > capacity && entries.poll() != null) {
      size.decrementAndGet();
    }
  }

  List<RecordedRequest> snapshot() {
    return List.copyOf(new ArrayList<>(entries));
  }

  long requestCount() {
    return requests.get();
  }

  long faultCount() {
    return faults.get();
  }

  void reset() {
    entries.clear();
    size.set(0);
    requests.set(0);
    faults.set(0);
  }
}
