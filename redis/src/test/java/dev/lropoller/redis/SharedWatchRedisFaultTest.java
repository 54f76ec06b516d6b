package dev.lropoller.redis;

import static dev.lropoller.redis.SharedWatchRig.SAFETY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollPolicy;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.model.Operation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Redis dies mid-run and comes back empty: every replica falls back to its own loop and says so,
 * rejoins the fleet by itself and says so, and every watch still ends with the {@code done}
 * snapshot. And a watch whose owner never sees {@code done} ends at its policy's timeout with
 * {@link PollTimeoutException} on every replica. Real Redis, real time.
 */
class SharedWatchRedisFaultTest {
  private final SharedWatchRig rig = new SharedWatchRig();
  private final List<String> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    rig.close();
  }

  private SharedWatchListener listener(String replica) {
    return new SharedWatchListener() {
      @Override
      public void fellBack(String name, Throwable cause) {
        events.add(replica + " fell back");
      }

      @Override
      public void rejoined(String name) {
        events.add(replica + " rejoined");
      }
    };
  }

  @Test
  void redisKilledMidRunWatchesFallBackEndDoneAndRejoin() {
    List<WatchReplica> replicas = List.of(rig.replica("a", listener("a")),
        rig.replica("b", listener("b")), rig.replica("c", listener("c")));
    String name = "projects/p/locations/us-central1/operations/outage";
    // Running until the test scripts its end: the last scripted answer repeats.
    rig.fake.script(name).running(1);
    List<Mono<List<Operation>>> watches = replicas.stream()
        .map(r -> r.watches().poll(name).collectList().cache()).toList();
    watches.forEach(Mono::subscribe);
    SharedWatchRig.await(() -> rig.gets(name) >= 3);

    rig.redis.kill();
    SharedWatchRig.await(() -> events.size() == 3);
    assertThat(events).containsExactlyInAnyOrder("a fell back", "b fell back", "c fell back");
    long atOutage = rig.gets(name);
    SharedWatchRig.await(() -> rig.gets(name) >= atOutage + 6);

    rig.redis.restart();
    SharedWatchRig.await(() -> events.size() == 6);
    assertThat(events.subList(3, 6))
        .containsExactlyInAnyOrder("a rejoined", "b rejoined", "c rejoined");
    SharedWatchRig.await(() -> rig.redis.query("GET", rig.leaseKey(name)) != null);
    rig.fake.script(name).doneEmpty();

    for (Mono<List<Operation>> w : watches) {
      assertThat(w.block(SAFETY)).last().matches(Operation::done);
    }
    assertThat(events).as("one report per transition and replica, no more").hasSize(6);
  }

  @Test
  void aWatchThatNeverSeesDoneEndsAtItsTimeoutOnEveryReplica() {
    PollPolicy shortWatch = SharedWatchRig.POLICY.withTimeout(Duration.ofSeconds(2));
    WatchReplica a = rig.replica("a");
    WatchReplica b = rig.replica("b");
    String name = "projects/p/locations/us-central1/operations/endless";
    rig.fake.script(name).running(1);

    Mono<Throwable> onA = a.watches().poll(name, shortWatch).then(Mono.<Throwable>empty())
        .onErrorResume(Mono::just).cache();
    onA.subscribe();
    StepVerifier.create(b.watches().poll(name, shortWatch))
        .thenConsumeWhile(op -> !op.done())
        .expectError(PollTimeoutException.class)
        .verify(SAFETY);
    assertThat(onA.block(SAFETY)).isInstanceOf(PollTimeoutException.class)
        .hasMessageContaining(name);
    // A hub leaves the map just after its subscribers saw the error, so wait for it.
    SharedWatchRig.await(() -> a.watches().activeWatches() + b.watches().activeWatches() == 0);
  }
}
