package dev.lropoller.reactor;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

/**
 * Reads a Reactor Netty pool's own gauges (acquired, idle, pending) through its
 * {@link ConnectionProvider.MeterRegistrar}, without Micrometer.
 */
final class PoolGauge implements ConnectionProvider.MeterRegistrar {
  private final Map<String, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();

  /** A pool with the poller's default settings whose gauges this reads. */
  ConnectionProvider newPool() {
    return GoogleOperationPoller.poolSpec("lro-poller-gauged").metrics(true, () -> this).build();
  }

  @Override
  public void registerMetrics(
      String poolName, String id, SocketAddress remoteAddress, ConnectionPoolMetrics metrics) {
    pools.put(id, metrics);
  }

  @Override
  public void deRegisterMetrics(String poolName, String id, SocketAddress remoteAddress) {
    pools.remove(id);
  }

  /** Connections handed out and not yet released, over every remote address. */
  int acquired() {
    return pools.values().stream().mapToInt(ConnectionPoolMetrics::acquiredSize).sum();
  }

  /** Requests waiting for a connection. */
  int pendingAcquires() {
    return pools.values().stream().mapToInt(ConnectionPoolMetrics::pendingAcquireSize).sum();
  }

  /** Connections open (acquired or idle). */
  int allocated() {
    return pools.values().stream().mapToInt(ConnectionPoolMetrics::allocatedSize).sum();
  }

  @Override
  public String toString() {
    return "acquired=" + acquired() + ", pending=" + pendingAcquires() + ", allocated=" + allocated();
  }
}
