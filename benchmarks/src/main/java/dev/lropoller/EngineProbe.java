package dev.lropoller;

import java.time.Duration;

/**
 * What the simulation reads of a poller's engine that the API does not show. In the core's
 * package only to reach {@code OperationPoller.engine()}; not part of lro-poller.
 */
public final class EngineProbe {
  private EngineProbe() {}

  /**
   * The longest a request of {@code poller} waited in a likely-first queue before it left.
   *
   * @param poller the poller
   * @return the wait; zero when no request waited in such a queue
   */
  public static Duration longestOrderedWait(OperationPoller poller) {
    return poller.engine().admission().longestOrderedWait();
  }
}
