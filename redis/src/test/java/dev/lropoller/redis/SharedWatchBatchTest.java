package dev.lropoller.redis;

import static dev.lropoller.redis.SharedWatchRig.CHECK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.model.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The batched lease checks of one replica on a real {@code redis-server}, with the shared
 * watches' timers on virtual time: each tick of the replica's one check loop costs one script
 * call per chunk of {@link SharedWatchChecks#CHUNK} names, a new watch checks at once on its own,
 * leases that ran out are taken at the next tick, a lost Redis sends every watch into fallback
 * once and the first good tick brings each back once, and the loop stops with the last watch.
 * Redis answers in real time, so the test waits for the answers before it moves the clock on.
 */
class SharedWatchBatchTest {
  private static final Pattern EVALSHA = Pattern.compile("(?m)^cmdstat_evalsha:calls=(\\d+)");
  private static final String HOLD = "for i, k in ipairs(KEYS) do"
      + " redis.call('SET', k, ARGV[1], 'PX', ARGV[2]) end return #KEYS";

  private final SharedWatchRig rig = new SharedWatchRig();
  private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
  private final List<Disposable> watches = new ArrayList<>();

  @AfterEach
  void stop() {
    watches.forEach(Disposable::dispose);
    rig.close();
    clock.dispose();
  }

  private long evalshaCalls() {
    Matcher m = EVALSHA.matcher(rig.redis.query("INFO", "commandstats"));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /** Another replica's watch holds the lease of every name (by a plain EVAL, not counted). */
  private void holdElsewhere(List<String> names) {
    List<String> command = new ArrayList<>(List.of("EVAL", HOLD, Integer.toString(names.size())));
    names.forEach(n -> command.add(rig.leaseKey(n)));
    command.addAll(List.of("other:1", "600000"));
    rig.redis.query(command.toArray(String[]::new));
  }

  private static List<String> names(String tag, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "projects/p/locations/us-central1/operations/" + tag + "-" + i).toList();
  }

  /** Moves the clock one check interval on and waits until the tick's checks are answered. */
  private void tick(RedisSharedWatches shared) {
    clock.advanceTimeBy(CHECK);
    SharedWatchRig.await(() -> shared.checksInFlight() == 0);
  }

  private static long chunks(int watches) {
    return (watches + SharedWatchChecks.CHUNK - 1) / SharedWatchChecks.CHUNK;
  }

  @Test
  void manyWatchesOnOneReplicaCostOneScriptCallPerChunkAndTick() {
    RedisSharedWatches shared = rig.replica("a", SharedWatchListener.NONE, clock).watches();
    List<String> names = names("batch", 600);
    holdElsewhere(names);

    names.forEach(n -> watches.add(shared.poll(n).subscribe()));
    SharedWatchRig.await(() -> shared.counts().follower() == 600 && shared.checksInFlight() == 0);
    assertThat(shared.counts()).isEqualTo(new SharedWatchCounts(0, 0, 600, 0));

    for (int t = 0; t < 3; t++) {
      long before = evalshaCalls();
      tick(shared);
      assertThat(evalshaCalls() - before).as("tick %d: 600 names in chunks of 256", t)
          .isEqualTo(chunks(600)).isEqualTo(3);
    }

    String late = names("late", 1).get(0);
    holdElsewhere(List.of(late));
    long before = evalshaCalls();
    watches.add(shared.poll(late).subscribe());
    SharedWatchRig.await(() -> shared.counts().follower() == 601);
    assertThat(evalshaCalls() - before).as("a new watch checks at once, alone").isEqualTo(1);
    before = evalshaCalls();
    tick(shared);
    assertThat(evalshaCalls() - before).as("then joins the batch").isEqualTo(chunks(601));

    watches.forEach(Disposable::dispose);
    SharedWatchRig.await(() -> shared.activeWatches() == 0);
    assertThat(shared.checking()).as("the loop stopped with the last watch").isFalse();
    assertThat(shared.counts()).isEqualTo(new SharedWatchCounts(0, 0, 0, 0));
    before = evalshaCalls();
    clock.advanceTimeBy(CHECK.multipliedBy(10));
    assertThat(evalshaCalls()).as("no check after the last watch ended").isEqualTo(before);
  }

  @Test
  void leasesThatRanOutAreTakenAtTheNextTickAndTheNewOwnerPollsAtOnce() {
    WatchReplica b = rig.replica("b", SharedWatchListener.NONE, clock);
    RedisSharedWatches shared = b.watches();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      names.add(rig.operation(3));
    }
    holdElsewhere(names);
    Map<String, List<Operation>> seen = new ConcurrentHashMap<>();
    List<String> ended = new CopyOnWriteArrayList<>();
    for (String n : names) {
      List<Operation> got = new CopyOnWriteArrayList<>();
      seen.put(n, got);
      watches.add(shared.poll(n).subscribe(got::add, e -> { }, () -> ended.add(n)));
    }
    SharedWatchRig.await(() -> shared.counts().follower() == 300 && shared.checksInFlight() == 0);
    tick(shared);
    assertThat(names).allMatch(n -> rig.gets(n) == 0);

    // The other replica's leases run out (it died): deleted here rather than waited for.
    List<String> del = new ArrayList<>(List.of("DEL"));
    names.forEach(n -> del.add(rig.leaseKey(n)));
    rig.redis.query(del.toArray(String[]::new));
    tick(shared);
    // No tick after this one: what follows shows every name was taken at this tick.

    SharedWatchRig.await(() -> ended.size() == 300);
    assertThat(names).allSatisfy(n -> {
      assertThat(rig.gets(n)).as("one loop of GETs for %s", n).isEqualTo(3);
      assertThat(seen.get(n)).hasSize(3).last().matches(Operation::done);
    });
  }

  @Test
  void redisLostSendsEveryWatchIntoFallbackOnceAndTheFirstGoodTickBringsItBack() {
    Map<String, Integer> fellBack = new ConcurrentHashMap<>();
    Map<String, Integer> rejoined = new ConcurrentHashMap<>();
    WatchReplica a = rig.replica("a", new SharedWatchListener() {
      @Override
      public void fellBack(String name, Throwable cause) {
        fellBack.merge(name, 1, Integer::sum);
      }

      @Override
      public void rejoined(String name) {
        rejoined.merge(name, 1, Integer::sum);
      }
    }, clock);
    RedisSharedWatches shared = a.watches();
    List<String> names = names("outage", 300);
    names.forEach(n -> rig.fake.script(n).running(1));
    holdElsewhere(names);
    names.forEach(n -> watches.add(shared.poll(n).subscribe()));
    SharedWatchRig.await(() -> shared.counts().follower() == 300 && shared.checksInFlight() == 0);

    rig.redis.kill();
    // The tick's checks cannot be answered; one check interval later they time out.
    clock.advanceTimeBy(CHECK);
    clock.advanceTimeBy(CHECK);
    SharedWatchRig.await(() -> shared.counts().fallback() == 300);
    SharedWatchRig.await(() -> names.stream().allMatch(n -> rig.gets(n) >= 2));
    assertThat(fellBack).hasSize(300).allSatisfy((n, count) -> assertThat(count).isEqualTo(1));

    rig.redis.restart();
    holdElsewhere(names);
    SharedWatchRig.await(() -> a.connected() && shared.checksInFlight() == 0);
    tick(shared);

    SharedWatchCounts back = shared.counts();
    assertThat(back.fallback()).as("every watch back in the fleet: %s", back).isZero();
    // Followers of the other replica's leases; an owner if a check queued in the outage was
    // answered before those leases were set again.
    assertThat(back.owner() + back.follower()).isEqualTo(300);
    assertThat(fellBack).hasSize(300).allSatisfy((n, count) -> assertThat(count).isEqualTo(1));
    assertThat(rejoined).hasSize(300).allSatisfy((n, count) -> assertThat(count).isEqualTo(1));
  }
}
