package dev.lropoller.redis;

import dev.lropoller.PollPolicy;
import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * What a shared-watch test runs on: a real {@code redis-server}, one scripted transport that
 * every replica's poller sends its GETs to (so it records the fleet's requests per name), and
 * the replicas. Real time: lease 1.5 s, checks every 300 ms, polls every 100 ms.
 */
final class SharedWatchRig implements AutoCloseable {
  static final Duration SAFETY = Duration.ofSeconds(30);
  static final Duration LEASE = Duration.ofMillis(1500);
  static final Duration CHECK = Duration.ofMillis(300);
  /** What a timing bound allows on top, for a loaded 2-CPU machine. */
  static final Duration SLACK = Duration.ofMillis(500);
  static final PollPolicy POLICY = PollPolicy.fixed(Duration.ofMillis(100)).withJitter(0.0)
      .withTimeout(Duration.ofMinutes(1));

  final RedisServerProcess redis = RedisServerProcess.start();
  final FakeOperationsTransport fake = new FakeOperationsTransport(Schedulers.parallel());
  private final String prefix = "test:" + UUID.randomUUID() + ":";
  private final List<WatchReplica> replicas = new ArrayList<>();
  private final List<FakeOperationsTransport> transports = new ArrayList<>(List.of(fake));
  private int operations;

  WatchReplica replica(String id) {
    return replica(id, SharedWatchListener.NONE);
  }

  WatchReplica replica(String id, SharedWatchListener listener) {
    return replica(id, listener, Schedulers.parallel());
  }

  /** A replica whose shared watches' timers (checks, deadlines) run on {@code scheduler}. */
  WatchReplica replica(String id, SharedWatchListener listener, Scheduler scheduler) {
    WatchReplica r = new WatchReplica(id, redis, fake, POLICY, prefix, LEASE, CHECK, listener,
        scheduler);
    replicas.add(r);
    return r;
  }

  /**
   * A replica whose poller has a transport of its own, scripted alike: a second loop of a name
   * then shows as GETs of its own rather than as the shared script's progress.
   */
  WatchReplica replicaOnOwnTransport(String id) {
    FakeOperationsTransport own = new FakeOperationsTransport(Schedulers.parallel());
    transports.add(own);
    WatchReplica r = new WatchReplica(id, redis, own, POLICY, prefix, LEASE, CHECK,
        SharedWatchListener.NONE, Schedulers.parallel());
    replicas.add(r);
    return r;
  }

  /**
   * A new operation, on every transport, that is running for {@code polls - 1} GETs (progress 1,
   * 2, …), then done. Call after creating the replicas.
   */
  String operation(int polls) {
    String name = "projects/p/locations/us-central1/operations/op-" + (++operations);
    for (FakeOperationsTransport t : transports) {
      FakeOperationsTransport.Script script = t.script(name);
      for (int i = 1; i < polls; i++) {
        script.running(i);
      }
      script.doneEmpty();
    }
    return name;
  }

  /**
   * A new Vertex AI training pipeline, on every transport, that is RUNNING for {@code polls - 1}
   * GETs, then SUCCEEDED. Call after creating the replicas.
   */
  String job(int polls) {
    String name = "projects/p/locations/us-central1/trainingPipelines/" + (++operations);
    for (FakeOperationsTransport t : transports) {
      FakeOperationsTransport.Script script = t.script(name);
      for (int i = 1; i < polls; i++) {
        script.body("{\"name\":\"" + name + "\",\"state\":\"PIPELINE_STATE_RUNNING\"}");
      }
      script.body("{\"name\":\"" + name + "\",\"state\":\"PIPELINE_STATE_SUCCEEDED\"}");
    }
    return name;
  }

  /** The GETs of {@code name} the fleet sent, on every transport. */
  long gets(String name) {
    return transports.stream().mapToLong(t -> gets(t, name)).sum();
  }

  /** The GETs of {@code name} sent on one transport. */
  static long gets(FakeOperationsTransport t, String name) {
    return t.calls().stream().filter(c -> c.kind() == Kind.GET && c.name().equals(name)).count();
  }

  /** The Redis key holding the lease of {@code name}. */
  String leaseKey(String name) {
    return prefix + "{" + name + "}:lease";
  }

  /** The Redis key holding the stored snapshot of {@code name}. */
  String snapshotKey(String name) {
    return prefix + "{" + name + "}:snapshot";
  }

  /**
   * Waits on the test thread until {@code condition} holds; fails after {@link #SAFETY}. The
   * condition runs where blocking is allowed, since it may ask Redis over a plain socket.
   */
  static void await(BooleanSupplier condition) {
    Flux.interval(Duration.ofMillis(10)).onBackpressureDrop()
        .concatMap(t -> Mono.fromCallable(condition::getAsBoolean)
            .subscribeOn(Schedulers.boundedElastic()))
        .filter(holds -> holds).next().block(SAFETY);
  }

  @Override
  public void close() {
    replicas.forEach(WatchReplica::close);
    redis.close();
  }
}
