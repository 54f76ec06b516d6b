package dev.lropoller.spring;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.model.Job;
import dev.lropoller.model.Operation;
import dev.lropoller.redis.RedisSharedWatches;
import dev.lropoller.redis.SharedWatchCounts;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The starter's fleet-shared watches ({@code lropoller.fleet.enabled=true}): a
 * {@link RedisSharedWatches} on the application's poller, with its own command and pub/sub
 * connections from the client of the application's {@code LettuceConnectionFactory}.
 *
 * <p>{@link RedisSharedWatches} needs open connections, and a Redis that is down must not stop
 * the application; so this bean connects in the background (on {@code boundedElastic}, since
 * Lettuce's connect to the client's own URI blocks), from its construction and again every
 * probe interval ({@code lropoller.fleet.probe-interval}) until both connections are open. Until
 * then {@link #poll(String)} polls with the poller's own loop, as the shared watches themselves do
 * when they lose Redis; afterwards Lettuce reconnects lost links by itself and the shared watches
 * fall back and rejoin on their own. A watch started locally stays local until it ends.
 *
 * <p>{@link #close()} (with the context) stops connecting and closes both connections; the
 * connection factory and its client stay open. Thread-safe; nothing blocks the caller.
 */
public final class FleetWatches implements AutoCloseable, FleetDetails {
  private final OperationPoller poller;
  private final SharedWatchTally tally;
  private final String keyPrefix;
  private final AtomicReference<Opened> opened = new AtomicReference<>();
  private final Mono<RedisSharedWatches> ready;
  private final Disposable connecting;
  private volatile boolean closed;

  /** Both connections and the watches on them; closing closes the connections. */
  record Opened(RedisSharedWatches watches, StatefulRedisConnection<String, String> commands,
      StatefulRedisPubSubConnection<String, String> pubsub) {
    void close() {
      pubsub.close();
      commands.close();
    }
  }

  /**
   * Starts connecting at once, in the background.
   *
   * @param poller the application's poller
   * @param connect opens both connections and builds the watches on them; may block, and throws
   *     when Redis cannot be reached
   * @param retryEvery the pause between connect attempts
   * @param tally the listener the watches report to
   * @param keyPrefix the watches' key prefix, for the health details
   */
  FleetWatches(OperationPoller poller, Supplier<Opened> connect, Duration retryEvery,
      SharedWatchTally tally, String keyPrefix) {
    this.poller = poller;
    this.tally = tally;
    this.keyPrefix = keyPrefix;
    Mono<Opened> attempts = Mono.fromCallable(connect::get)
        .subscribeOn(Schedulers.boundedElastic())
        .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, retryEvery));
    this.ready = attempts.doOnNext(this::keep).map(Opened::watches).cache();
    this.connecting = ready.subscribe(watches -> { }, e -> { });
  }

  private void keep(Opened o) {
    if (closed || !opened.compareAndSet(null, o)) {
      o.close();
    }
  }

  /**
   * Watches {@code name} with the poller's default policy: through the fleet once connected to
   * Redis ({@link RedisSharedWatches#poll(String)}), else with this replica's own loop
   * ({@link OperationPoller#poll(String)}). Cold: the choice is made on subscription.
   *
   * @param name the operation's full resource name
   * @return the snapshots, ending with the {@code done} one
   */
  public Flux<Operation> poll(String name) {
    return watch(w -> w.poll(name), () -> poller.poll(name));
  }

  /**
   * Like {@link #poll(String)}, with another policy for this watch.
   *
   * @param name the operation's full resource name
   * @param policy the policy
   * @return the snapshots, ending with the {@code done} one
   */
  public Flux<Operation> poll(String name, PollPolicy policy) {
    return watch(w -> w.poll(name, policy), () -> poller.poll(name, policy));
  }

  /**
   * Watches the Vertex AI job or pipeline {@code name} until its state is terminal, with the
   * poller's default policy: through the fleet once connected to Redis
   * ({@link RedisSharedWatches#watchJob(String)}), else with this replica's own loop
   * ({@code poller.jobs().watch(name)}). Cold: the choice is made on subscription.
   *
   * @param name a job's name, {@code projects/{p}/locations/{l}/{collection}/{id}}
   * @return the job's snapshots, ending with the first in a terminal state
   * @throws IllegalArgumentException if {@code name} is not a job's name, quoting it; thrown at
   *     once, whether Redis is reached or not
   */
  public Flux<Job> watchJob(String name) {
    return watchJob(name, poller.policy());
  }

  /**
   * Like {@link #watchJob(String)}, with another policy for this watch.
   *
   * @param name a job's name
   * @param policy the policy
   * @return the job's snapshots, ending with the first in a terminal state
   * @throws IllegalArgumentException if {@code name} is not a job's name, quoting it
   */
  public Flux<Job> watchJob(String name, PollPolicy policy) {
    // Checks the name now, as the shared watch would, so the error does not wait for Redis.
    Flux<Job> local = poller.jobs().watch(name, policy);
    return watch(w -> w.watchJob(name, policy), () -> local);
  }

  private <T> Flux<T> watch(Function<RedisSharedWatches, Flux<T>> shared,
      Supplier<Flux<T>> local) {
    return Flux.defer(() -> {
      Opened o = opened.get();
      return o == null ? local.get() : shared.apply(o.watches());
    });
  }

  /**
   * The shared watches once both connections are open.
   *
   * @return the watches, or empty while Redis has not been reached since startup
   */
  public Optional<RedisSharedWatches> sharedWatches() {
    return Optional.ofNullable(opened.get()).map(Opened::watches);
  }

  /**
   * Completes with the shared watches when both connections are open (at once if they are).
   *
   * @return the watches, after the first successful connect
   */
  public Mono<RedisSharedWatches> connected() {
    return ready;
  }

  /**
   * The {@code watches} health detail: {@code connection} ({@code connected}, or
   * {@code connecting} until both connections first open), {@code keyPrefix}; the watches now by
   * where they stand ({@link #counts()}: {@code owner}, {@code follower}, {@code fallback},
   * {@code starting}); and since startup {@code fellBack} (times a watch lost Redis and polled by
   * itself) and {@code rejoined} (times one returned to the fleet).
   *
   * @return the entries, in that order
   */
  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("connection", opened.get() == null ? "connecting" : "connected");
    details.put("keyPrefix", keyPrefix);
    SharedWatchCounts now = counts();
    details.put("owner", now.owner());
    details.put("follower", now.follower());
    details.put("fallback", now.fallback());
    details.put("starting", now.starting());
    details.put("fellBack", tally.fellBack());
    details.put("rejoined", tally.rejoined());
    return details;
  }

  /**
   * Where this replica's shared watches stand now ({@link RedisSharedWatches#counts()}).
   *
   * @return the counts; all zero until the first connect (the watches started before it poll
   *     with the replica's own loops and are not counted)
   */
  public SharedWatchCounts counts() {
    Opened o = opened.get();
    return o == null ? new SharedWatchCounts(0, 0, 0, 0) : o.watches().counts();
  }

  /** The listener the shared watches report to, for the meters. */
  SharedWatchTally tally() {
    return tally;
  }

  /** Stops connecting and closes the watches' own connections. */
  @Override
  public void close() {
    closed = true;
    connecting.dispose();
    Opened o = opened.getAndSet(null);
    if (o != null) {
      o.close();
    }
  }

  @Override
  public String toString() {
    Opened o = opened.get();
    return "FleetWatches[" + (o == null ? "connecting" : o.watches()) + "]";
  }
}
