package dev.lropoller.redis;

import dev.lropoller.PollPolicy;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.model.Job;
import dev.lropoller.model.JobKind;
import dev.lropoller.model.Operation;
import dev.lropoller.redis.WatchLease.Check;
import dev.lropoller.redis.WatchLease.Mode;
import dev.lropoller.redis.WatchLease.Report;
import dev.lropoller.redis.WatchLease.Step;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One fleet-shared watch of one name and policy on one replica, shared by its local
 * subscribers. Each check of the replica's loop ({@link SharedWatchChecks}) asks Redis about the
 * lease, and {@link #answer} takes the reply ({@link WatchLease#decide} says what to do); as
 * owner or in fallback it runs the poller's own loop, and as owner it publishes each snapshot;
 * as follower it delivers the snapshots the owner publishes (pub/sub, and the stored latest on
 * each check). Each local subscriber reads a replay-latest sink through
 * {@code onBackpressureLatest}: the latest snapshot first, intermediate ones skipped when it is
 * slow, the {@code done} one never, and no subscriber waits for another.
 */
final class SharedWatchHub {
  private final SharedWatchFleet fleet;
  private final SharedWatchChecks checks;
  private final String name;
  private final PollPolicy policy;
  private final String token;
  private final String[] keys;
  private final String channel;
  private final Consumer<SharedWatchHub> onEnd;
  private final BiConsumer<String, String> route = (c, message) -> onMessage(message);
  private final Sinks.Many<Operation> sink = Sinks.many().replay().latest();

  // Guarded by this.
  private Mode mode = Mode.STARTING;
  private int subscribers;
  private boolean started;
  private boolean finished;
  private long lastSeq;
  private long loopGeneration;
  private boolean checking;
  private Disposable loop;
  private Disposable deadline;
  private Operation latest;
  private int localSnapshots;

  SharedWatchHub(SharedWatchFleet fleet, SharedWatchChecks checks, String name, PollPolicy policy,
      String token, Consumer<SharedWatchHub> onEnd) {
    this.fleet = fleet;
    this.checks = checks;
    this.name = name;
    this.policy = policy;
    this.token = token;
    String tagged = fleet.keyPrefix() + "{" + name + "}";
    this.keys = new String[] {tagged + ":lease", tagged + ":snapshot"};
    this.channel = tagged + ":snapshots";
    this.onEnd = onEnd;
  }

  /** A new local subscriber's snapshots, or {@code null} when this watch has ended. */
  synchronized Flux<Operation> join() {
    if (finished) {
      return null;
    }
    subscribers++;
    return sink.asFlux().onBackpressureLatest().doFinally(signal -> leave());
  }

  /** Starts checking the lease (at once, then in the replica's ticks) and the deadline, once. */
  void start() {
    synchronized (this) {
      if (started || finished) {
        return;
      }
      started = true;
    }
    fleet.channels().add(channel, route);
    Disposable d = Mono.delay(policy.timeout(), fleet.scheduler()).subscribe(x -> timedOut());
    synchronized (this) {
      deadline = d;
    }
    checks.add(this);
    synchronized (this) {
      if (!finished) {
        return;
      }
    }
    // Ended meanwhile: finish may have run before the add, so undo both here (both idempotent).
    checks.remove(this);
    d.dispose();
  }

  /**
   * This watch's part of the next check, marking it in flight; {@code null} when a check is
   * already in flight (ticks never overlap for a watch) or the watch has ended.
   */
  synchronized SharedWatchChecks.Ask ask() {
    if (finished || checking) {
      return null;
    }
    checking = true;
    return new SharedWatchChecks.Ask(this, keys[0], keys[1], token, lastSeq);
  }

  /** Takes the answer to this watch's check in flight: the lease step, then any snapshot. */
  void answer(SharedWatchReplies.Answer answer) {
    try {
      apply(answer.check());
      answer.snapshot().ifPresent(this::offerFleet);
    } finally {
      synchronized (this) {
        checking = false;
      }
    }
    // A holder that stopped renewing: take its lease when it runs out, not at the next tick.
    // The check is skipped if the watch ended or a tick's check is in flight by then.
    WatchLease.recheckAtExpiry(answer.check(), fleet.checkInterval()).ifPresent(delay ->
        Mono.delay(delay, fleet.scheduler()).subscribe(x -> checks.checkNow(this)));
  }

  /** Whether a check of this watch is in flight. */
  synchronized boolean checking() {
    return checking;
  }

  /** Where this watch stands now. */
  synchronized Mode mode() {
    return mode;
  }

  private void apply(Check check) {
    Step step;
    Disposable stop = null;
    long generation;
    synchronized (this) {
      if (finished) {
        return;
      }
      step = WatchLease.decide(mode, loop != null, check);
      mode = step.mode();
      if (step.stopLoop()) {
        stop = loop;
        loop = null;
        loopGeneration++;
      }
      generation = step.startLoop() ? ++loopGeneration : -1;
    }
    if (stop != null) {
      stop.dispose();
    }
    if (step.report() == Report.FELL_BACK) {
      quietly(() -> fleet.listener().fellBack(name, ((WatchLease.Unreachable) check).cause()));
    } else if (step.report() == Report.REJOINED) {
      quietly(() -> fleet.listener().rejoined(name));
    }
    if (generation >= 0) {
      startLoop(generation);
    }
  }

  private void startLoop(long generation) {
    PollPolicy loopPolicy;
    synchronized (this) {
      // A takeover: the stored snapshot is at least a lease old, so the first GET is due now,
      // not a first-poll delay later; that keeps the takeover within the lease plus one check.
      loopPolicy = mode == Mode.OWNER && latest != null
          ? policy.withFirstPollDelay(Duration.ZERO) : policy;
    }
    // A job's loop reads each answer as the poller's job watcher does; the fleet carries its view.
    Flux<Operation> local = JobKind.isJobName(name)
        ? fleet.poller().jobs().watch(name, loopPolicy).map(Job::asOperation)
        : fleet.poller().poll(name, loopPolicy);
    Disposable d = local.subscribe(
        op -> onLocal(generation, op), e -> onLocalError(generation, e));
    synchronized (this) {
      if (!finished && generation == loopGeneration) {
        loop = d;
        return;
      }
    }
    d.dispose();
  }

  private void onLocal(long generation, Operation op) {
    boolean publish;
    synchronized (this) {
      if (finished || generation != loopGeneration) {
        return;
      }
      localSnapshots++;
      publish = mode == Mode.OWNER;
      deliver(op);
    }
    if (publish) {
      fleet.run(ScriptOutputType.INTEGER, keys, "publish", token, millis(fleet.leaseTime()),
              millis(fleet.snapshotTtl()), op.done() ? "1" : "0", op.rawJson(), channel)
          .onErrorResume(e -> Mono.empty())
          .subscribe();
    }
    if (op.done()) {
      finish(null);
    }
  }

  private void onLocalError(long generation, Throwable e) {
    synchronized (this) {
      if (finished || generation != loopGeneration) {
        return;
      }
    }
    finish(e);
  }

  private void onMessage(String message) {
    FleetSnapshot snapshot;
    try {
      snapshot = FleetSnapshot.parse(message);
    } catch (IllegalArgumentException e) {
      return;
    }
    offerFleet(snapshot);
  }

  private void offerFleet(FleetSnapshot snapshot) {
    Operation op;
    synchronized (this) {
      if (finished || !WatchLease.isNews(token, lastSeq, snapshot)) {
        return;
      }
      try {
        op = Operation.parse(snapshot.json());
      } catch (RuntimeException e) {
        return;
      }
      lastSeq = snapshot.seq();
      deliver(op);
    }
    if (op.done()) {
      finish(null);
    }
  }

  /** Emits a snapshot to every local subscriber; guarded by this, so emissions are serial. */
  private void deliver(Operation op) {
    latest = op;
    sink.tryEmitNext(op);
  }

  private void timedOut() {
    PollTimeoutException spent;
    synchronized (this) {
      spent = new PollTimeoutException(name, latest, localSnapshots, policy.timeout(),
          "the timeout of " + policy.timeout() + " passed", null);
    }
    finish(spent);
  }

  private void leave() {
    synchronized (this) {
      subscribers--;
      if (subscribers > 0 || finished) {
        return;
      }
    }
    finish(null);
  }

  /** Ends this watch: completes (error {@code null}) or fails its subscribers, and cleans up. */
  private void finish(Throwable error) {
    Disposable l;
    Disposable d;
    boolean release;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      l = loop;
      d = deadline;
      loop = null;
      release = mode == Mode.OWNER && (latest == null || !latest.done());
      if (error == null) {
        sink.tryEmitComplete();
      } else {
        sink.tryEmitError(error);
      }
    }
    onEnd.accept(this);
    checks.remove(this);
    for (Disposable x : new Disposable[] {l, d}) {
      if (x != null) {
        x.dispose();
      }
    }
    fleet.channels().remove(channel, route);
    if (release) {
      fleet.run(ScriptOutputType.INTEGER, keys, "release", token, millis(fleet.leaseTime()))
          .onErrorResume(e -> Mono.empty())
          .subscribe();
    }
  }

  private static String millis(Duration d) {
    return Long.toString(d.toMillis());
  }

  private static void quietly(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException ignored) {
      // A listener's failure is its own; the watch goes on.
    }
  }
}
