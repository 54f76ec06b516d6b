package dev.lropoller.redis;

import static dev.lropoller.redis.SharedWatchRig.SAFETY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollPolicy;
import dev.lropoller.model.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Three replicas (three pollers, three Lettuce clients, three shared watches with distinct ids)
 * on one real {@code redis-server}, watching the same operations: one loop of GETs per name for
 * the whole fleet, every subscriber on every replica ends with the {@code done} snapshot, and a
 * late subscriber gets the latest snapshot first. Real time, BlockHound installed.
 */
class SharedWatchFleetTest {
  private final SharedWatchRig rig = new SharedWatchRig();

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  void threeReplicasWatchingTheSameNamesPollEachOnceAndAllSeeDone() {
    int polls = 8;
    // Each replica polls its own scripted transport: three loops would send three times the GETs.
    List<WatchReplica> three = List.of(rig.replicaOnOwnTransport("a"),
        rig.replicaOnOwnTransport("b"), rig.replicaOnOwnTransport("c"));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      names.add(rig.operation(polls));
    }

    List<Mono<List<Operation>>> watches = new ArrayList<>();
    for (WatchReplica r : three) {
      for (String name : names) {
        watches.add(r.watches().poll(name).collectList());
      }
    }
    List<List<Operation>> seen = Flux.merge(watches).collectList().block(SAFETY);

    assertThat(seen).hasSize(15).allSatisfy(snapshots -> {
      assertThat(snapshots).isNotEmpty();
      assertThat(snapshots.get(snapshots.size() - 1).done()).isTrue();
      assertThat(snapshots.subList(0, snapshots.size() - 1)).noneMatch(Operation::done);
    });
    for (String name : names) {
      assertThat(rig.gets(name)).as("GETs of %s by three replicas together", name)
          .isEqualTo(polls);
    }
    // A hub leaves the map just after its subscribers saw the end, so wait for it.
    SharedWatchRig.await(() -> three.stream().allMatch(r -> r.watches().activeWatches() == 0));
  }

  @Test
  void aLateSubscriberGetsTheLatestSnapshotFirstWithoutPolling() {
    PollPolicy slow = PollPolicy.fixed(Duration.ofSeconds(2)).withJitter(0.0)
        .withTimeout(Duration.ofMinutes(1));
    String name = rig.operation(3);
    WatchReplica a = rig.replica("a");
    WatchReplica b = rig.replica("b");
    List<Operation> onA = new CopyOnWriteArrayList<>();
    Mono<List<Operation>> allOnA = a.watches().poll(name, slow).doOnNext(onA::add).collectList()
        .cache();
    allOnA.subscribe();
    SharedWatchRig.await(() -> !onA.isEmpty());

    Operation firstOnB = b.watches().poll(name, slow).next().block(SAFETY);
    Operation lateOnA = a.watches().poll(name, slow).next().block(SAFETY);

    assertThat(firstOnB).as("the stored latest, not a poll of its own").isEqualTo(onA.get(0));
    assertThat(lateOnA).as("a late local subscriber: the latest at once").isEqualTo(onA.get(0));
    assertThat(rig.gets(name)).isEqualTo(1);
    assertThat(allOnA.block(SAFETY)).hasSize(3).last().matches(Operation::done);
    assertThat(rig.gets(name)).isEqualTo(3);
  }

  @Test
  void aSlowSubscriberSkipsToTheLatestAndHoldsBackNoOne() {
    String name = rig.operation(6);
    WatchReplica a = rig.replica("a");
    WatchReplica b = rig.replica("b");
    Mono<List<Operation>> fastOnB = b.watches().poll(name).collectList().cache();
    fastOnB.subscribe();

    List<Operation> slowGot = new CopyOnWriteArrayList<>();
    // Requests one snapshot, then nothing until the other subscriber has had the done one.
    StepVerifier.create(a.watches().poll(name).doOnNext(slowGot::add), 1)
        .expectNextMatches(op -> !op.done())
        .then(() -> assertThat(fastOnB.block(SAFETY)).hasSize(6).last().matches(Operation::done))
        .thenRequest(Long.MAX_VALUE)
        .thenConsumeWhile(op -> !op.done())
        .expectNextMatches(Operation::done)
        .verifyComplete();
    assertThat(slowGot).as("skipped to the latest: fewer than the 6 polls").hasSizeLessThan(6);
    assertThat(rig.gets(name)).isEqualTo(6);
  }

  @Test
  void aWatchStartedAfterDoneGetsTheStoredDoneSnapshotWithoutPolling() {
    String name = rig.operation(2);
    WatchReplica a = rig.replica("a");
    WatchReplica b = rig.replica("b");
    Operation last = a.watches().poll(name).last().block(SAFETY);

    List<Operation> later = b.watches().poll(name).collectList().block(SAFETY);

    assertThat(later).containsExactly(last);
    assertThat(last.done()).isTrue();
    assertThat(rig.gets(name)).isEqualTo(2);
  }
}
