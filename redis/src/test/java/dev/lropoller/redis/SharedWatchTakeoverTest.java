package dev.lropoller.redis;

import static dev.lropoller.redis.SharedWatchRig.CHECK;
import static dev.lropoller.redis.SharedWatchRig.LEASE;
import static dev.lropoller.redis.SharedWatchRig.SAFETY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollPolicy;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.model.Operation;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.FakeOperationsTransport.RecordedCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The owner of a name goes away while other replicas still watch it: its subscriber cancels, or
 * the whole replica dies, or it is cut off from Redis. Another replica polls on, and every
 * remaining watch ends with the {@code done} snapshot. Real Redis, real time.
 */
class SharedWatchTakeoverTest {
  private final SharedWatchRig rig = new SharedWatchRig();

  @AfterEach
  void stop() {
    rig.close();
  }

  private String holder(String name) {
    return rig.redis.query("GET", rig.leaseKey(name));
  }

  @Test
  void whenTheOwnersLastSubscriberCancelsAnotherReplicaPollsOn() {
    WatchReplica a = rig.replica("a");
    WatchReplica b = rig.replica("b");
    String name = rig.operation(20);
    List<Operation> onA = new CopyOnWriteArrayList<>();
    Disposable watchOnA = a.watches().poll(name).subscribe(onA::add);
    SharedWatchRig.await(() -> !onA.isEmpty());
    Mono<List<Operation>> onB = b.watches().poll(name).collectList().cache();
    onB.subscribe();
    assertThat(holder(name)).startsWith("a:");

    watchOnA.dispose();

    // b takes the lease a released; read while b's watch runs, since a done watch lets it expire.
    SharedWatchRig.await(() -> {
      String holder = holder(name);
      return holder != null && holder.startsWith("b:");
    });
    assertThat(onB.block(SAFETY)).last().matches(Operation::done);
    assertThat(rig.gets(name)).as("the scripted polls, and no loop after done").isEqualTo(20);
    SharedWatchRig.await(() -> a.watches().activeWatches() == 0);
  }

  @Test
  void whenTheOwnerDiesAnotherTakesOverWithinLeasePlusOneCheck() {
    WatchReplica a = rig.replica("a");
    WatchReplica b = rig.replica("b");
    WatchReplica c = rig.replica("c");
    String name = rig.operation(40);
    List<Throwable> errorsOnA = new CopyOnWriteArrayList<>();
    a.watches().poll(name).subscribe(op -> { }, errorsOnA::add);
    SharedWatchRig.await(() -> rig.gets(name) >= 3);
    Mono<List<Operation>> onB = b.watches().poll(name).collectList().cache();
    Mono<List<Operation>> onC = c.watches().poll(name).collectList().cache();
    onB.subscribe();
    onC.subscribe();
    SharedWatchRig.await(() -> rig.gets(name) >= 6);

    long diedAt = Schedulers.parallel().now(TimeUnit.NANOSECONDS);
    a.die();

    // Read while the watches run: once they end, the lease is left to expire.
    SharedWatchRig.await(() -> {
      String holder = holder(name);
      return holder != null && (holder.startsWith("b:") || holder.startsWith("c:"));
    });
    assertThat(onB.block(SAFETY)).last().matches(Operation::done);
    assertThat(onC.block(SAFETY)).last().matches(Operation::done);
    assertThat(errorsOnA).singleElement().isInstanceOf(PollerClosedException.class);
    long firstAfter = rig.fake.calls().stream()
        .filter(call -> call.kind() == Kind.GET && call.atNanos() > diedAt)
        .mapToLong(RecordedCall::atNanos).min().orElseThrow();
    Duration takeover = Duration.ofNanos(firstAfter - diedAt);
    assertThat(takeover).as("from the owner's death to the next GET")
        .isLessThanOrEqualTo(LEASE.plus(CHECK).plus(SharedWatchRig.SLACK));
    assertThat(rig.gets(name)).isEqualTo(40);
  }

  @Test
  void aFollowerTakesALeaseThatRunsOutBeforeItsNextTickWhenItRunsOut() {
    VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    try {
      String name = rig.operation(40);
      // An owner that no longer renews: a lease of another replica's watch.
      rig.redis.query("SET", rig.leaseKey(name), "gone:1", "PX", "1400");
      WatchReplica b = rig.replica("b", SharedWatchListener.NONE, clock);
      b.watches().poll(name).subscribe(op -> { }, e -> { });
      SharedWatchRig.await(() -> b.watches().counts().follower() == 1);

      // Less than one check interval left at the next tick.
      rig.redis.query("PEXPIRE", rig.leaseKey(name), "280");
      clock.advanceTimeBy(CHECK);
      SharedWatchRig.await(() -> "0".equals(rig.redis.query("EXISTS", rig.leaseKey(name))));
      // Short of the next tick: only the check at the lease's expiry comes due.
      clock.advanceTimeBy(CHECK.minusMillis(10));

      SharedWatchRig.await(() -> {
        String holder = holder(name);
        return holder != null && holder.startsWith("b:");
      });
      assertThat(b.watches().counts().owner()).isEqualTo(1);
      SharedWatchRig.await(() -> rig.gets(name) >= 1);
    } finally {
      clock.dispose();
    }
  }

  @Test
  void aTakeoverPollsAtOnceRatherThanAfterThePolicysFirstPollDelay() {
    PollPolicy slowStart = SharedWatchRig.POLICY.withFirstPollDelay(Duration.ofSeconds(3));
    WatchReplica a = rig.replica("a");
    WatchReplica b = rig.replica("b");
    String name = rig.operation(40);
    a.watches().poll(name, slowStart).subscribe(op -> { }, e -> { });
    SharedWatchRig.await(() -> rig.gets(name) >= 3);
    Mono<List<Operation>> onB = b.watches().poll(name, slowStart).collectList().cache();
    onB.subscribe();
    SharedWatchRig.await(() -> rig.gets(name) >= 6);

    long diedAt = Schedulers.parallel().now(TimeUnit.NANOSECONDS);
    a.die();

    assertThat(onB.block(SAFETY)).last().matches(Operation::done);
    long firstAfter = rig.fake.calls().stream()
        .filter(call -> call.kind() == Kind.GET && call.atNanos() > diedAt)
        .mapToLong(RecordedCall::atNanos).min().orElseThrow();
    assertThat(Duration.ofNanos(firstAfter - diedAt))
        .as("the stored snapshot is a lease old: the new owner's first GET is due at once")
        .isLessThanOrEqualTo(LEASE.plus(CHECK).plus(SharedWatchRig.SLACK))
        .isLessThan(slowStart.firstPollDelay());
  }

  @Test
  void anOwnerCutOffFromRedisPollsOnByItselfAndAnotherTakesTheLease() {
    List<String> events = new CopyOnWriteArrayList<>();
    WatchReplica a = rig.replica("a", new SharedWatchListener() {
      @Override
      public void fellBack(String name, Throwable cause) {
        events.add("fell back " + name);
      }
    });
    WatchReplica b = rig.replica("b");
    String name = rig.operation(40);
    Mono<List<Operation>> onA = a.watches().poll(name).collectList().cache();
    onA.subscribe();
    SharedWatchRig.await(() -> rig.gets(name) >= 3);
    Mono<List<Operation>> onB = b.watches().poll(name).collectList().cache();
    onB.subscribe();

    a.cutOffFromRedis();

    SharedWatchRig.await(() -> {
      String holder = holder(name); // read once: the lease may change between two reads
      return holder != null && holder.startsWith("b:");
    });
    assertThat(onA.block(SAFETY)).last().matches(Operation::done);
    assertThat(onB.block(SAFETY)).last().matches(Operation::done);
    assertThat(events).containsExactly("fell back " + name);
  }
}
