package dev.lropoller.redis;

import java.util.List;
import reactor.core.publisher.Mono;

/** Reads the replies of the shared-watch script's {@code check}; pure functions. */
final class SharedWatchReplies {

  private SharedWatchReplies() {}

  /**
   * The lease part of a check's reply.
   *
   * @param reply {@code {role}} or {@code {role, seq, publisher, json}}
   * @return {@link WatchLease.Owned} or {@link WatchLease.HeldElsewhere}
   * @throws IllegalStateException for any other reply
   */
  static WatchLease.Check check(List<Object> reply) {
    Object role = reply.isEmpty() ? null : reply.get(0);
    if ("owner".equals(role)) {
      return new WatchLease.Owned();
    }
    if ("follower".equals(role)) {
      return new WatchLease.HeldElsewhere();
    }
    throw new IllegalStateException("Unexpected reply of the shared-watch script: " + role);
  }

  /**
   * The stored snapshot a check's reply carries, if it carries one.
   *
   * @param reply {@code {role}} or {@code {role, seq, publisher, json}}
   * @return the snapshot, or empty
   * @throws IllegalStateException if the snapshot part is malformed
   */
  static Mono<FleetSnapshot> snapshot(List<Object> reply) {
    if (reply.size() == 1) {
      return Mono.empty();
    }
    if (reply.size() == 4 && reply.get(1) instanceof String seq
        && reply.get(2) instanceof String by && reply.get(3) instanceof String json) {
      try {
        return Mono.just(new FleetSnapshot(Long.parseLong(seq), by, json));
      } catch (NumberFormatException e) {
        throw new IllegalStateException("Unexpected sequence number in a check reply: " + seq, e);
      }
    }
    throw new IllegalStateException("Unexpected reply of the shared-watch script: " + reply);
  }
}
