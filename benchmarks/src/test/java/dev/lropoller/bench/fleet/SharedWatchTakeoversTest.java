package dev.lropoller.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How {@link SharedWatchTakeovers} reads lease owners and measures takeovers. */
class SharedWatchTakeoversTest {

  @Test
  void aLeaseTokensReplicaIdIsEverythingBeforeItsLastColonAndAFreeLeaseHasNoOwner() {
    Map<String, String> owners = SharedWatchTakeovers.owners(List.of("a", "b", "c", "d"),
        Arrays.asList("kill-r0:17", "null", null, "host:kill-r2:3"));

    assertThat(owners).containsOnly(Map.entry("a", "kill-r0"), Map.entry("d", "host:kill-r2"));
    assertThat(SharedWatchTakeovers.counts(Map.of("a", "r1", "b", "r0", "c", "r1")))
        .containsExactly(Map.entry("r0", 1), Map.entry("r1", 2));
  }

  @Test
  void badLeaseValuesAreRejectedQuotingThem() {
    assertThatThrownBy(() -> SharedWatchTakeovers.owners(List.of("a"), List.of("nocolon")))
        .hasMessageContaining("\"nocolon\"");
    assertThatThrownBy(() -> SharedWatchTakeovers.owners(List.of("a", "b"), List.of("r:1")))
        .hasMessageContaining("Expected 2").hasMessageContaining("got 1");
  }

  @Test
  void theTakeoverIsTheFirstSnapshotAnySurvivorGotAfterTheKill() {
    long kill = 10_000_000;
    List<String> lines = List.of(
        "x done 9000000 12900000", // survivor 1 on x: 2.9 s after the kill
        "x done 9000000 12400000", // survivor 2 on x: 2.4 s, the first
        "y done 9000000",          // y: owned by the killed one, nothing after the kill
        "z done 9000000 10500000 12500000"); // z: not the killed one's, no gap at the kill

    SharedWatchTakeovers.Takeovers t = SharedWatchTakeovers.measure(lines, Set.of("x", "y"), kill,
        Duration.ofSeconds(1));

    assertThat(t.millis()).containsExactly(2400);
    assertThat(t.noSnapshotAfter()).isEqualTo(1);
    assertThat(t.otherGaps()).isZero();
  }

  @Test
  void theOwnersAreReadFromTheLeaseKeysOnARealRedis() {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      redis.query("SET", "lropoller:watch:{op-1}:lease", "kill-r0:1");
      redis.query("SET", "lropoller:watch:{op-3}:lease", "kill-r2:9");

      assertThat(SharedWatchTakeovers.owners(redis, List.of("op-1", "op-2", "op-3")))
          .containsOnly(Map.entry("op-1", "kill-r0"), Map.entry("op-3", "kill-r2"));
      assertThat(SharedWatchTakeovers.owners(redis, List.of("op-2"))).isEmpty();
    }
  }
}
