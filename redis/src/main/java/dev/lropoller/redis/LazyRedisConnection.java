package dev.lropoller.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisScriptingReactiveCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A Lettuce connection (String codec) that is opened on first use rather than at construction,
 * so that a service can start while Redis is down. Give it to {@link RedisFleetBudget#of(
 * LazyRedisConnection)}: each budget call first waits for the connection; while Redis cannot be
 * reached that call fails with Lettuce's connect error, which puts the poller's key in degraded
 * mode, and the next call tries to connect again. Once open, the connection is kept; Lettuce
 * reconnects it by itself after a lost link.
 *
 * <p>Only one attempt runs at a time: calls that arrive while one is under way wait for it. A
 * connect attempt is bounded by Lettuce's connect timeout ({@code SocketOptions}, 10 s by default),
 * so a call may wait that long for an unreachable host before it fails; a refused connection fails
 * at once.
 *
 * <p>{@link #close()} closes the connection (at once, or as soon as an attempt under way
 * completes) and fails every later call; the Lettuce client stays open, it is the caller's. Close
 * it after the poller. Thread-safe. {@link #toString()} names the state, never the URI or a
 * password.
 */
public final class LazyRedisConnection implements AutoCloseable {
  private final Supplier<? extends CompletionStage<? extends StatefulConnection<String, String>>> open;
  private final Function<StatefulConnection<String, String>,
      RedisScriptingReactiveCommands<String, String>> commands;
  private final AtomicReference<Mono<Opened>> current = new AtomicReference<>();
  private volatile Opened opened;
  private volatile boolean closed;

  private record Opened(StatefulConnection<String, String> connection,
      RedisScriptingReactiveCommands<String, String> commands, FleetScripts scripts) {}

  private LazyRedisConnection(
      Supplier<? extends CompletionStage<? extends StatefulConnection<String, String>>> open,
      Function<StatefulConnection<String, String>,
          RedisScriptingReactiveCommands<String, String>> commands) {
    this.open = open;
    this.commands = commands;
  }

  /**
   * A connection to {@code uri} through {@code client}, opened with Lettuce's non-blocking
   * {@code connectAsync} on first use. Connects nothing yet.
   *
   * @param client the Lettuce client; its event loops and options apply
   * @param uri where Redis is; its timeout is each command's timeout
   * @return the lazy connection
   * @throws NullPointerException if an argument is {@code null}
   */
  public static LazyRedisConnection of(RedisClient client, RedisURI uri) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(uri, "uri");
    return new LazyRedisConnection(() -> client.connectAsync(StringCodec.UTF8, uri),
        c -> ((StatefulRedisConnection<String, String>) c).reactive());
  }

  /**
   * A connection to the cluster of {@code client}, opened with Lettuce's non-blocking
   * {@code connectAsync} on first use. Connects nothing yet. Redis Cluster has not been tested.
   *
   * @param client the Lettuce cluster client, with its seed URIs
   * @return the lazy connection
   * @throws NullPointerException if {@code client} is {@code null}
   */
  public static LazyRedisConnection of(RedisClusterClient client) {
    Objects.requireNonNull(client, "client");
    return new LazyRedisConnection(() -> client.connectAsync(StringCodec.UTF8),
        c -> ((StatefulRedisClusterConnection<String, String>) c).reactive());
  }

  /**
   * A connection to the URI {@code client} was created with. Lettuce offers no non-blocking
   * connect without a URI argument, so each attempt runs Lettuce's blocking {@code connect} on
   * Reactor's {@code boundedElastic} scheduler, never on an event loop. Prefer
   * {@link #of(RedisClient, RedisURI)} when you have the URI. Connects nothing yet.
   *
   * @param client a Lettuce client created with a URI
   * @return the lazy connection
   * @throws NullPointerException if {@code client} is {@code null}
   */
  public static LazyRedisConnection ofDefaultUri(RedisClient client) {
    Objects.requireNonNull(client, "client");
    return new LazyRedisConnection(
        () -> Mono.fromCallable(() -> client.connect(StringCodec.UTF8))
            .subscribeOn(Schedulers.boundedElastic()).toFuture(),
        c -> ((StatefulRedisConnection<String, String>) c).reactive());
  }

  /**
   * The connection's reactive commands: at once when open, else after a connect attempt (one
   * that is under way, or a new one). Cold: nothing happens until subscribed.
   *
   * @return a Mono of the commands; an error when the attempt fails (the next subscription tries
   *     again) or after {@link #close()}
   */
  public Mono<RedisScriptingReactiveCommands<String, String>> commands() {
    return opened().map(Opened::commands);
  }

  /** As {@link #commands()}, the fleet budget's script runner on them. */
  Mono<FleetScripts> scripts() {
    return opened().map(Opened::scripts);
  }

  private Mono<Opened> opened() {
    return Mono.defer(() -> {
      if (closed) {
        return Mono.error(new IllegalStateException("LazyRedisConnection is closed"));
      }
      Mono<Opened> attempt = current.get();
      if (attempt == null) {
        Mono<Opened> fresh = attempt();
        attempt = current.compareAndSet(null, fresh) ? fresh : current.get();
      }
      return attempt == null ? opened() : attempt;
    });
  }

  /** Whether the connection is open now (it may still be reconnecting after a lost link). */
  public boolean isOpen() {
    Opened now = opened;
    return !closed && now != null && now.connection().isOpen();
  }

  private Mono<Opened> attempt() {
    AtomicReference<Mono<Opened>> self = new AtomicReference<>();
    Mono<Opened> attempt = Mono.defer(() -> Mono.fromCompletionStage(open.get()))
        .map(c -> {
          RedisScriptingReactiveCommands<String, String> reactive = commands.apply(c);
          return new Opened(c, reactive, FleetScripts.of(reactive));
        })
        // A failed attempt is dropped, so that the next call connects again.
        .doOnError(e -> current.compareAndSet(self.get(), null))
        .doOnNext(o -> {
          opened = o;
          if (closed) {
            o.connection().closeAsync();
          }
        })
        .cache();
    self.set(attempt);
    return attempt;
  }

  /**
   * Closes the connection, without waiting for Redis to acknowledge; an attempt under way closes
   * its connection when it completes. Later calls to {@link #commands()} fail. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    current.set(null);
    Opened now = opened;
    if (now != null) {
      now.connection().closeAsync();
    }
  }

  /** The state: open, not connected or closed; never the URI. */
  @Override
  public String toString() {
    return "LazyRedisConnection[" + (closed ? "closed" : isOpen() ? "open" : "not connected") + "]";
  }
}
