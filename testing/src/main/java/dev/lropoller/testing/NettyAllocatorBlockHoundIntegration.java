package dev.lropoller.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty 4.2's adaptive buffer allocator takes a {@code StampedLock} for a moment when it grows
 * its magazines; Netty's own BlockHound integration does not list that path yet, so BlockHound
 * would report Netty's allocator, not lro-poller, as blocking an event loop.
 *
 * <p>Registered as a service in this artifact, so a test that runs BlockHound with the emulator
 * (or with the Reactor Netty client) gets it. BlockHound is an optional dependency: without it on
 * the classpath this class is never loaded.
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {
  /** Loaded by {@link java.util.ServiceLoader} when BlockHound installs. */
  public NettyAllocatorBlockHoundIntegration() {}

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside(
        "io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
  }
}
