package dev.lropoller.redis;

import dev.lropoller.redis.SharedWatchReplies.Answer;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The lease checks of every shared watch of one {@link RedisSharedWatches}: one loop per
 * replica, not one per watch. Each tick (every check interval) gathers the watches that have no
 * check in flight and asks about them with the script's {@code checkAll}, one call per chunk of
 * at most {@link #CHUNK} names; the chunks go out together, pipelined on the one connection. A
 * chunk that fails or takes longer than the check interval answers each of its watches {@link
 * WatchLease.Unreachable}, as a single check would. A new watch checks at once on its own (it
 * must know whether to poll), then joins the ticks. The loop runs while there is a watch, so it
 * needs no close.
 *
 * <p>A chunk holds the keys of several hash tags: the batched checks need standalone Redis (or a
 * Sentinel-managed primary), not Redis Cluster.
 */
final class SharedWatchChecks {

  /** The most names one script call checks: a bound on the time Redis spends in one call. */
  static final int CHUNK = 256;

  private final SharedWatchFleet fleet;

  // Guarded by this.
  private final Set<SharedWatchHub> hubs = new LinkedHashSet<>();
  private Disposable ticks;

  SharedWatchChecks(SharedWatchFleet fleet) {
    this.fleet = fleet;
  }

  /**
   * One watch's part of a check: what the script needs about it.
   *
   * @param hub the watch, which takes the answer
   * @param leaseKey its lease key
   * @param snapshotKey its snapshot key
   * @param token its lease token
   * @param lastSeq the sequence number of the latest fleet snapshot it delivered
   */
  record Ask(SharedWatchHub hub, String leaseKey, String snapshotKey, String token, long lastSeq) {}

  /** Checks {@code hub} now, on its own, then in every tick until {@link #remove}. */
  void add(SharedWatchHub hub) {
    checkNow(hub);
    synchronized (this) {
      hubs.add(hub);
      if (ticks == null) {
        ticks = Flux.interval(fleet.checkInterval(), fleet.checkInterval(), fleet.scheduler())
            .subscribe(tick -> tick());
      }
    }
  }

  /**
   * Checks {@code hub} now, on its own, unless a check of it is in flight or it has ended.
   *
   * @param hub the watch
   */
  void checkNow(SharedWatchHub hub) {
    send(Optional.ofNullable(hub.ask()).stream().toList());
  }

  /** Stops checking {@code hub}; stops the loop when no watch is left. Idempotent. */
  void remove(SharedWatchHub hub) {
    Disposable stop = null;
    synchronized (this) {
      if (hubs.remove(hub) && hubs.isEmpty()) {
        stop = ticks;
        ticks = null;
      }
    }
    if (stop != null) {
      stop.dispose();
    }
  }

  /** Whether the loop runs: there is a watch to check. */
  synchronized boolean running() {
    return ticks != null;
  }

  /** How many of the loop's watches have a check in flight now. */
  int inFlight() {
    List<SharedWatchHub> now;
    synchronized (this) {
      now = new ArrayList<>(hubs);
    }
    return (int) now.stream().filter(SharedWatchHub::checking).count();
  }

  private void tick() {
    List<SharedWatchHub> now;
    synchronized (this) {
      now = new ArrayList<>(hubs);
    }
    List<Ask> asks = new ArrayList<>(now.size());
    for (SharedWatchHub hub : now) {
      Ask ask = hub.ask();
      if (ask != null) {
        asks.add(ask);
      }
    }
    for (List<Ask> chunk : chunks(asks, CHUNK)) {
      send(chunk);
    }
  }

  /** Sends one chunk's checks; every watch in it gets its answer, or Unreachable. */
  private void send(List<Ask> chunk) {
    if (chunk.isEmpty()) {
      return;
    }
    String[] keys = new String[2 * chunk.size()];
    String[] args = new String[2 + 2 * chunk.size()];
    args[0] = "checkAll";
    args[1] = Long.toString(fleet.leaseTime().toMillis());
    for (int i = 0; i < chunk.size(); i++) {
      Ask a = chunk.get(i);
      keys[2 * i] = a.leaseKey();
      keys[2 * i + 1] = a.snapshotKey();
      args[2 + 2 * i] = a.token();
      args[3 + 2 * i] = Long.toString(a.lastSeq());
    }
    fleet.<List<Object>>run(ScriptOutputType.MULTI, keys, args)
        .single()
        .timeout(fleet.checkInterval(), fleet.scheduler())
        .map(reply -> SharedWatchReplies.answers(reply, chunk.size()))
        .onErrorResume(e -> Mono.just(Collections.nCopies(chunk.size(),
            new Answer(new WatchLease.Unreachable(e), Optional.empty()))))
        .subscribe(answers -> {
          for (int i = 0; i < chunk.size(); i++) {
            try {
              chunk.get(i).hub().answer(answers.get(i));
            } catch (RuntimeException e) {
              // One watch's failure must not leave the rest of its chunk without an answer.
              Operators.onErrorDropped(e, Context.empty());
            }
          }
        });
  }

  /**
   * {@code all} cut into consecutive lists of at most {@code size}.
   *
   * @param all the items, in order
   * @param size the most items per chunk, at least 1
   * @return the chunks, in order; none for no items
   */
  static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += size) {
      out.add(all.subList(from, Math.min(all.size(), from + size)));
    }
    return out;
  }
}
