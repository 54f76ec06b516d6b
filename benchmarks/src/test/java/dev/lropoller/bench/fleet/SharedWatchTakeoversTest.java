package dev.lropoller.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.bench.fleet.SharedWatchTakeovers.Lease;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@link SharedWatchTakeovers} reads lease owners and measures takeovers. */
class SharedWatchTakeoversTest {

  @Test
  void aLeaseTokensReplicaIdIsEverythingBeforeItsLastColonAndAFreeLeaseHasNoOwner() {
    Map<String, Lease> leases = SharedWatchTakeovers.leases(List.of("a", "b", "c"),
        List.of("kill-r0:17", "2950", "", "-2", "host:kill-r2:3", "100"));

    assertThat(leases).containsOnly(Map.entry("a", new Lease("kill-r0", 2950)),
        Map.entry("c", new Lease("host:kill-r2", 100)));
    assertThat(SharedWatchTakeovers.counts(Map.of("a", new Lease("r1", 1), "b", new Lease("r0", 1),
            "c", new Lease("r1", 1))))
        .containsExactly(Map.entry("r0", 1), Map.entry("r1", 2));
  }

  @Test
  void badLeaseValuesAreRejectedQuotingThem() {
    assertThatThrownBy(() -> SharedWatchTakeovers.leases(List.of("a"), List.of("nocolon", "5")))
        .hasMessageContaining("\"nocolon\"");
    assertThatThrownBy(() -> SharedWatchTakeovers.leases(List.of("a", "b"), List.of("r:1", "5")))
        .hasMessageContaining("Expected 4").hasMessageContaining("got 2");
  }

  @Test
  void theTakeoverIsTheFirstSnapshotAnySurvivorGotAfterTheLeaseExpired() {
    long kill = 10_000_000;
    List<String> lines = List.of(
        // x's lease expires at 12 s. Survivor 1 gets the killed owner's last snapshot late at
        // 10.3 s, then the new owner's at 12.9 s; survivor 2 gets the new owner's at 12.4 s.
        "x done 9000000 10300000 12900000",
        "x done 9000000 12400000",
        "y done 9000000",                    // the killed one's, nothing after the kill
        "z done 9500000 10500000 11500000",  // another replica's, no gap at the kill
        "w done 9000000 11000000");          // another replica's, a 2 s gap from load

    SharedWatchTakeovers.Takeovers t = SharedWatchTakeovers.measure(lines,
        Map.of("x", new Lease("r0", 2000), "y", new Lease("r0", 2500)), kill, kill,
        Duration.ofSeconds(1));

    assertThat(t.millis()).containsExactly(2400);
    assertThat(t.afterExpiryMillis()).containsExactly(400);
    assertThat(t.lateFromKilled()).isEqualTo(1);
    assertThat(t.noSnapshotAfter()).isEqualTo(1);
    assertThat(t.otherGaps()).isEqualTo(1);
  }

  @Test
  void theOwnersAreReadFromTheLeaseKeysOnARealRedis() {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      redis.query("SET", "lropoller:watch:{op-1}:lease", "kill-r0:1", "PX", "60000");
      redis.query("SET", "lropoller:watch:{op-3}:lease", "kill-r2:9", "PX", "30000");

      Map<String, Lease> leases = SharedWatchTakeovers.leases(redis, List.of("op-1", "op-2", "op-3"));

      assertThat(leases).containsOnlyKeys("op-1", "op-3");
      assertThat(leases.get("op-1").replica()).isEqualTo("kill-r0");
      assertThat(leases.get("op-1").leftMillis()).isBetween(50_000L, 60_000L);
      assertThat(leases.get("op-3").replica()).isEqualTo("kill-r2");
      assertThat(leases.get("op-3").leftMillis()).isBetween(20_000L, 30_000L);
      assertThat(SharedWatchTakeovers.leases(redis, List.of("op-2"))).isEmpty();
    }
  }
}
