package dev.lropoller.spring;

import dev.lropoller.OperationPoller;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Closes every {@link OperationPoller} bean when the context stops, before the web server's
 * graceful shutdown starts waiting for open requests. Watches then end at once with
 * {@code PollerClosedException}, so a long-poll or SSE stream does not hold the shutdown for the
 * whole grace period. The poller beans' destroy methods close them again, which is a no-op.
 */
final class PollerShutdown implements SmartLifecycle {
  /**
   * Above the phase of Boot's graceful shutdown of the web server
   * ({@code SmartLifecycle.DEFAULT_PHASE - 1024}): lifecycles with a higher phase stop first.
   */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private final ObjectProvider<OperationPoller> pollers;
  private volatile boolean running;

  PollerShutdown(ObjectProvider<OperationPoller> pollers) {
    this.pollers = pollers;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    pollers.orderedStream().forEach(OperationPoller::close);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
