package dev.lropoller.redis;

import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.reactive.ChannelMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;

/**
 * The pub/sub side of one {@link RedisSharedWatches}: one channel subscription per watched name
 * on the replica's pub/sub connection, however many local watches follow it, and one listener
 * that routes each message to the watches of its channel. Subscribing and unsubscribing are
 * fire-and-forget: a message lost meanwhile is found again by the watches' next check, which
 * re-reads the latest snapshot.
 */
final class SharedWatchChannels {
  private final StatefulRedisPubSubConnection<String, String> pubsub;
  private final Map<String, List<BiConsumer<String, String>>> routes = new ConcurrentHashMap<>();
  private final AtomicBoolean listening = new AtomicBoolean();

  SharedWatchChannels(StatefulRedisPubSubConnection<String, String> pubsub) {
    this.pubsub = pubsub;
  }

  /** Routes the messages of {@code channel} to {@code target}; subscribes to it if new. */
  void add(String channel, BiConsumer<String, String> target) {
    if (listening.compareAndSet(false, true)) {
      // Lives as long as the connection; an error (the connection closed) lets the next add retry.
      pubsub.reactive().observeChannels().subscribe(this::route, e -> listening.set(false));
    }
    boolean[] fresh = {false};
    routes.compute(channel, (c, now) -> {
      fresh[0] = now == null;
      return now == null ? List.of(target)
          : Stream.concat(now.stream(), Stream.of(target)).toList();
    });
    if (fresh[0]) {
      pubsub.reactive().subscribe(channel).onErrorResume(e -> Mono.empty()).subscribe();
    }
  }

  /** Stops routing to {@code target}; unsubscribes when no one is left on the channel. */
  void remove(String channel, BiConsumer<String, String> target) {
    boolean[] empty = {false};
    routes.computeIfPresent(channel, (c, now) -> {
      List<BiConsumer<String, String>> left = now.stream().filter(t -> t != target).toList();
      empty[0] = left.isEmpty();
      return left.isEmpty() ? null : left;
    });
    if (empty[0]) {
      pubsub.reactive().unsubscribe(channel).onErrorResume(e -> Mono.empty()).subscribe();
    }
  }

  private void route(ChannelMessage<String, String> message) {
    List<BiConsumer<String, String>> targets = routes.get(message.getChannel());
    if (targets != null) {
      for (BiConsumer<String, String> t : targets) {
        t.accept(message.getChannel(), message.getMessage());
      }
    }
  }
}
