package dev.lropoller.reactor;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty 4.2's adaptive buffer allocator takes a {@code StampedLock} for a moment when it grows
 * its magazines; Netty's own BlockHound integration does not list that path yet, so BlockHound
 * would report Netty's allocator, not lro-poller, as blocking an event loop. Test-only.
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
