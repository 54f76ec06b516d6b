package dev.lropoller.internal.aim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressTrackTest {
  /** A linear run of {@code duration} ms read every {@code every} ms up to {@code until}. */
  private static ProgressTrack linear(long duration, long every, long until) {
    ProgressTrack t = new ProgressTrack();
    for (long at = 0; at <= until; at += every) {
      t.observe(at, (int) Math.min(99, 100 * at / duration));
    }
    return t;
  }

  @Test
  void noWindowBeforeProgressRises() {
    ProgressTrack t = new ProgressTrack();
    assertThat(t.window()).isNull();
    t.observe(0, 10);
    t.observe(60_000, 10);
    assertThat(t.window()).isNull();
  }

  @Test
  void aLinearRunsWindowHoldsItsEnd() {
    long duration = 3_600_000;
    for (long until : new long[] {600_000, 1_800_000, 3_000_000, 3_500_000}) {
      EndWindow w = linear(duration, 30_000, until).window();
      assertThat(w.fromProgress()).isTrue();
      assertThat(duration).as("after %d ms", until).isBetween(w.earlyMillis(), w.lateMillis());
    }
  }

  @Test
  void theWindowNarrowsAsTheEndNears() {
    long duration = 3_600_000;
    EndWindow early = linear(duration, 30_000, 900_000).window();
    EndWindow late = linear(duration, 30_000, 3_300_000).window();
    assertThat(late.lateMillis() - late.earlyMillis())
        .isLessThan(early.lateMillis() - early.earlyMillis());
  }

  @Test
  void aStallLeavesTheWindowWhereItWasSoThatItPasses() {
    ProgressTrack t = linear(3_600_000, 30_000, 1_800_000);
    EndWindow before = t.window();
    for (long at = 1_830_000; at < 7_200_000; at += 30_000) {
      t.observe(at, 50);
    }
    assertThat(t.window()).isEqualTo(before);
  }

  @Test
  void readingsWhoseTimeDoesNotAdvanceAreIgnored() {
    ProgressTrack t = linear(3_600_000, 30_000, 1_800_000);
    EndWindow before = t.window();
    t.observe(1_800_000, 90);
    t.observe(1_000_000, 95);
    assertThat(t.window()).isEqualTo(before);
  }

  @Test
  void aSmallFallIsNoiseThatWidensTheLateEnd() {
    ProgressTrack t = linear(3_600_000, 30_000, 1_800_000);
    EndWindow before = t.window();
    t.observe(1_830_000, 47);
    EndWindow after = t.window();
    assertThat(after.earlyMillis()).isEqualTo(before.earlyMillis());
    assertThat(after.lateMillis()).isGreaterThan(before.lateMillis());
  }

  @Test
  void aLargeFallRestartsTheMeasurement() {
    ProgressTrack t = linear(3_600_000, 30_000, 1_800_000);
    t.observe(1_830_000, 5);
    assertThat(t.window()).isNull();
    t.observe(1_890_000, 10);
    EndWindow w = t.window();
    // 5 points a minute from 10 %: 18 minutes more.
    assertThat(w.earlyMillis()).isLessThanOrEqualTo(1_890_000 + 18 * 60_000);
    assertThat(w.lateMillis()).isGreaterThanOrEqualTo(1_890_000 + 18 * 60_000);
  }

  @Test
  void aJumpMovesTheWindowEarlier() {
    ProgressTrack t = linear(3_600_000, 30_000, 1_800_000);
    EndWindow before = t.window();
    t.observe(1_830_000, 80);
    assertThat(t.window().earlyMillis()).isLessThan(before.earlyMillis());
  }

  @Test
  void aRunThatSlowsDownGetsALaterLateEndThanItsAveragePace() {
    ProgressTrack steady = new ProgressTrack();
    ProgressTrack slowing = new ProgressTrack();
    for (int p = 0; p <= 90; p += 2) {
      steady.observe(p * 10_000L, p);
      // the last 10 points take twice as long each
      slowing.observe(p <= 80 ? p * 10_000L : 800_000 + (p - 80) * 20_000L, p);
    }
    assertThat(slowing.window().lateMillis() - 1_000_000)
        .isGreaterThan(steady.window().lateMillis() - 900_000);
  }

  @Test
  void everyWindowHasItsEarlyEndFirst() {
    ProgressTrack t = new ProgressTrack();
    int[] ps = {0, 3, 1, 7, 7, 12, 4, 30, 99, 100, 100};
    for (int i = 0; i < ps.length; i++) {
      t.observe(i * 1_000L, ps[i]);
      EndWindow w = t.window();
      if (w != null) {
        assertThat(w.lateMillis()).isGreaterThanOrEqualTo(w.earlyMillis());
      }
    }
  }
}
