package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.redis.WatchLease.HeldElsewhere;
import dev.lropoller.redis.WatchLease.Mode;
import dev.lropoller.redis.WatchLease.Owned;
import dev.lropoller.redis.WatchLease.Report;
import dev.lropoller.redis.WatchLease.Step;
import dev.lropoller.redis.WatchLease.Unreachable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lease decisions on their own: every mode against every answer. */
class WatchLeaseTest {
  private static final Unreachable DOWN = new Unreachable(new IOException("refused"));

  @Test
  void aWatchThatTakesTheLeaseStartsItsLoopOnce() {
    assertThat(WatchLease.decide(Mode.STARTING, false, new Owned()))
        .isEqualTo(new Step(Mode.OWNER, true, false, Report.NONE));
    assertThat(WatchLease.decide(Mode.OWNER, true, new Owned()))
        .isEqualTo(new Step(Mode.OWNER, false, false, Report.NONE));
    assertThat(WatchLease.decide(Mode.FOLLOWER, false, new Owned()))
        .as("takeover").isEqualTo(new Step(Mode.OWNER, true, false, Report.NONE));
  }

  @Test
  void aFollowerDoesNotPollAndAnOwnerThatLostTheLeaseStops() {
    assertThat(WatchLease.decide(Mode.STARTING, false, new HeldElsewhere(2_000)))
        .isEqualTo(new Step(Mode.FOLLOWER, false, false, Report.NONE));
    assertThat(WatchLease.decide(Mode.OWNER, true, new HeldElsewhere(2_000)))
        .as("a stalled owner whose lease went to another").isEqualTo(
            new Step(Mode.FOLLOWER, false, true, Report.NONE));
  }

  @Test
  void losingRedisPollsLocallyAndReportsOnce() {
    assertThat(WatchLease.decide(Mode.FOLLOWER, false, DOWN))
        .isEqualTo(new Step(Mode.FALLBACK, true, false, Report.FELL_BACK));
    assertThat(WatchLease.decide(Mode.STARTING, false, DOWN))
        .as("Redis down at start").isEqualTo(new Step(Mode.FALLBACK, true, false, Report.FELL_BACK));
    assertThat(WatchLease.decide(Mode.OWNER, true, DOWN))
        .as("an owner keeps its loop").isEqualTo(
            new Step(Mode.FALLBACK, false, false, Report.FELL_BACK));
    assertThat(WatchLease.decide(Mode.FALLBACK, true, DOWN))
        .as("still down: no second report").isEqualTo(
            new Step(Mode.FALLBACK, false, false, Report.NONE));
  }

  @Test
  void redisBackRejoinsAsOwnerOrFollower() {
    assertThat(WatchLease.decide(Mode.FALLBACK, true, new Owned()))
        .isEqualTo(new Step(Mode.OWNER, false, false, Report.REJOINED));
    assertThat(WatchLease.decide(Mode.FALLBACK, true, new HeldElsewhere(2_000)))
        .isEqualTo(new Step(Mode.FOLLOWER, false, true, Report.REJOINED));
  }

  @Test
  void onlyLaterSnapshotsOfOtherWatchesAreNews() {
    FleetSnapshot theirs = new FleetSnapshot(10, "b:1", "{}");
    assertThat(WatchLease.isNews("a:1", 9, theirs)).isTrue();
    assertThat(WatchLease.isNews("a:1", 10, theirs)).as("already delivered").isFalse();
    assertThat(WatchLease.isNews("b:1", 0, theirs)).as("its own").isFalse();
  }

  @Test
  void messagesParseOrQuoteWhatTheyGot() {
    assertThat(FleetSnapshot.parse("42\nr1:7\n{\"name\":\"x\n\"}"))
        .isEqualTo(new FleetSnapshot(42, "r1:7", "{\"name\":\"x\n\"}"));
    assertThatThrownBy(() -> FleetSnapshot.parse("junk"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'junk'");
    assertThatThrownBy(() -> FleetSnapshot.parse("x\ny\nz"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x\ny\nz'");
  }

  @Test
  void checkAllAnswersReadPerNameAndABadPartFailsOnlyItsName() {
    List<SharedWatchReplies.Answer> answers = SharedWatchReplies.answers(List.of(
        List.of("owner", 3_000L), List.of("follower", 740L, "5", "b:1", "{}"), List.of("boss", 1L),
        List.of("follower", 740L, "x", "b:1", "{}"), List.of("follower")), 5);

    assertThat(answers.get(0)).isEqualTo(new SharedWatchReplies.Answer(new Owned(), Optional.empty()));
    assertThat(answers.get(1)).isEqualTo(new SharedWatchReplies.Answer(new HeldElsewhere(740),
        Optional.of(new FleetSnapshot(5, "b:1", "{}"))));
    assertThat(answers.get(2).check()).isInstanceOfSatisfying(Unreachable.class,
        u -> assertThat(u.cause()).hasMessageContaining("boss"));
    assertThat(answers.get(3).check()).isInstanceOfSatisfying(Unreachable.class,
        u -> assertThat(u.cause()).hasMessageEndingWith("reply: x"));
    assertThat(answers.get(4).check()).as("a follower's part without the lease left")
        .isInstanceOf(Unreachable.class);
    assertThatThrownBy(() -> SharedWatchReplies.answers(List.of(List.of("owner", 1L)), 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Expected 2 answers").hasMessageContaining("[[owner, 1]]");
    assertThatThrownBy(() -> SharedWatchReplies.answer("owner"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("owner");
  }

  @Test
  void aFollowerChecksAgainAtTheExpiryOfALeaseThatEndsBeforeItsNextTick() {
    Duration tick = Duration.ofSeconds(1);

    assertThat(WatchLease.recheckAtExpiry(new HeldElsewhere(740), tick))
        .contains(Duration.ofMillis(741));
    assertThat(WatchLease.recheckAtExpiry(new HeldElsewhere(0), tick)).contains(Duration.ofMillis(1));
    assertThat(WatchLease.recheckAtExpiry(new HeldElsewhere(1_000), tick))
        .as("a lease renewed at every tick outlasts the tick").isEmpty();
    assertThat(WatchLease.recheckAtExpiry(new HeldElsewhere(-2), tick))
        .as("nobody holds it: the stored snapshot is done").isEmpty();
    assertThat(WatchLease.recheckAtExpiry(new Owned(), tick)).isEmpty();
    assertThat(WatchLease.recheckAtExpiry(new Unreachable(new IllegalStateException("x")), tick))
        .isEmpty();
  }

  @Test
  void chunksCutInOrderWithoutAnEmptyOne() {
    assertThat(SharedWatchChecks.chunks(List.of(1, 2, 3, 4, 5), 2))
        .containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
    assertThat(SharedWatchChecks.chunks(List.of(1, 2), 2)).containsExactly(List.of(1, 2));
    assertThat(SharedWatchChecks.chunks(List.of(), 256)).isEmpty();
  }
}
