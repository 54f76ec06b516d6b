package dev.lropoller.bench.jmh;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.OperationsTransport;
import reactor.core.publisher.Mono;

/**
 * Answers every GET from memory: {@code runningPolls} running bodies, then the done body, then
 * again from the start. No I/O, no recording: the cheapest transport the engine can sit on.
 * Single-threaded use (one JMH thread).
 */
final class InMemoryTransport implements OperationsTransport {
  private final byte[] running;
  private final byte[] done;
  private final int runningPolls;
  private int calls;

  InMemoryTransport(byte[] running, byte[] done, int runningPolls) {
    this.running = running;
    this.done = done;
    this.runningPolls = runningPolls;
  }

  @Override
  public Mono<byte[]> getOperation(String name, AccessToken token) {
    return Mono.fromSupplier(() -> {
      int n = calls++;
      if (n >= runningPolls) {
        calls = 0;
        return done;
      }
      return running;
    });
  }

  @Override
  public Mono<byte[]> listOperations(
      String parent, String filter, String pageToken, AccessToken token) {
    return Mono.error(new UnsupportedOperationException("not benchmarked"));
  }

  @Override
  public Mono<Void> cancelOperation(String name, AccessToken token) {
    return Mono.error(new UnsupportedOperationException("not benchmarked"));
  }

  @Override
  public Mono<Void> deleteOperation(String name, AccessToken token) {
    return Mono.error(new UnsupportedOperationException("not benchmarked"));
  }
}
