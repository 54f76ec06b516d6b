package dev.lropoller.redis;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Two short waits on locks that are not lro-poller's, allowed in this module's tests:
 *
 * <ul>
 *   <li>Lettuce guards each command write with {@code SharedLock}, whose {@code ReentrantLock}
 *       parks a writer for a moment while another thread writes, closes or reconnects the
 *       connection. When BlockHound turns that park into an error, Lettuce's {@code write} still
 *       runs its {@code finally} ({@code decrementWriters} without the increment), the writer
 *       count goes negative for good, and the next write spins forever holding the lock: seen as
 *       a test JVM hung in {@code connection.close()} with a {@code parallel} thread at 100% CPU
 *       in {@code SharedLock.incrementWriters}.
 *   <li>{@code VirtualTimeScheduler} keeps its tasks in a {@code PriorityBlockingQueue}: a reply
 *       on Lettuce's event loop that cancels a virtual timer waits for the test thread that is
 *       scheduling one. An error thrown out of that wait left the queue's lock unusable and the
 *       test thread parked forever in {@code SharedWatchBatchTest}.
 * </ul>
 *
 * <p>Registered as a service in the test resources.
 */
public final class TestLocksBlockHoundIntegration implements BlockHoundIntegration {
  /** Loaded by {@link java.util.ServiceLoader} when BlockHound installs. */
  public TestLocksBlockHoundIntegration() {}

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
    builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
    builder.allowBlockingCallsInside(
        "reactor.test.scheduler.VirtualTimeScheduler$VirtualTimeWorker", "doScheduleAtTime");
    builder.allowBlockingCallsInside(
        "reactor.test.scheduler.VirtualTimeScheduler$TimedRunnable", "dispose");
  }
}
