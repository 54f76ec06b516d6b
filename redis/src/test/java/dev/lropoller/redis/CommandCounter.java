package dev.lropoller.redis;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.net.SocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the commands a Lettuce client completed, by command name: Lettuce reports each command
 * here when its reply arrives, so the counts are the client's round trips.
 */
final class CommandCounter implements CommandLatencyRecorder {

  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  @Override
  public void recordCommandLatency(
      SocketAddress local,
      SocketAddress remote,
      ProtocolKeyword commandType,
      long firstResponseLatency,
      long completionLatency) {
    counts.computeIfAbsent(commandType.toString(), name -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public boolean isEnabled() {
    return true;
  }

  /** The counts so far, by command name, sorted. */
  Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((name, count) -> copy.put(name, count.get()));
    return copy;
  }

  /** All commands so far. */
  long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Forgets the counts so far. */
  void reset() {
    counts.clear();
  }
}
