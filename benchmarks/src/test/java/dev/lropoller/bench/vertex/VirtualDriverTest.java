package dev.lropoller.bench.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class VirtualDriverTest {
  private static final Instant START = Instant.parse("2026-12-05T00:00:00Z");

  @Test
  void theClockStandsStillWhileARequestIsInFlight() throws Exception {
    VirtualDriver driver = new VirtualDriver(START);
    ExecutorService answerer = Executors.newSingleThreadExecutor();
    List<Long> answeredAt = new ArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    try {
      // Three requests a second apart; each is answered on another thread, after the timer fired.
      for (int i = 1; i <= 3; i++) {
        boolean last = i == 3;
        driver.scheduler().schedule(() -> {
          driver.sent();
          answerer.execute(() -> {
            synchronized (answeredAt) {
              answeredAt.add(driver.elapsedNanos());
            }
            if (last) {
              done.set(true);
            }
            driver.answered();
          });
        }, i, TimeUnit.SECONDS);
      }
      assertThat(driver.runUntil(done::get, Duration.ofMillis(10), Duration.ofMinutes(1))).isTrue();
    } finally {
      answerer.shutdownNow();
    }
    assertThat(answeredAt).containsExactly(1_000_000_000L, 2_000_000_000L, 3_000_000_000L);
    assertThat(driver.elapsedNanos()).isEqualTo(3_000_000_000L);
  }

  @Test
  void anAnswerReportedPendingHoldsTheClockUntilTheNextTimerIsArmed() throws Exception {
    VirtualDriver driver = new VirtualDriver(START);
    SettlingScheduler settling = new SettlingScheduler(driver);
    ExecutorService answerer = Executors.newSingleThreadExecutor();
    List<Long> sentAt = new ArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    try {
      // Like the poller: the answer is reported, then (later, same thread) the next timer is armed.
      Runnable[] poll = new Runnable[1];
      poll[0] = () -> {
        sentAt.add(driver.elapsedNanos());
        driver.sent();
        answerer.execute(() -> {
          driver.answeredPending();
          java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
          if (sentAt.size() < 3) {
            settling.schedule(poll[0], 1, TimeUnit.SECONDS);
          } else {
            done.set(true);
            driver.settle();
          }
        });
      };
      settling.schedule(poll[0], 1, TimeUnit.SECONDS);
      assertThat(driver.runUntil(done::get, Duration.ofMillis(1), Duration.ofMinutes(1))).isTrue();
    } finally {
      answerer.shutdownNow();
    }
    // 20 ms of real time between answer and arm moved the clock by nothing.
    assertThat(sentAt).containsExactly(1_000_000_000L, 2_000_000_000L, 3_000_000_000L);
    assertThat(settling.now(TimeUnit.NANOSECONDS)).isEqualTo(driver.scheduler().now(TimeUnit.NANOSECONDS));
  }

  @Test
  void runUntilGivesUpAtTheVirtualLimit() {
    VirtualDriver driver = new VirtualDriver(START);
    assertThat(driver.runUntil(() -> false, Duration.ofSeconds(1), Duration.ofMinutes(5))).isFalse();
    assertThat(driver.elapsedNanos()).isEqualTo(Duration.ofMinutes(5).toNanos());
  }

  @Test
  void theSchedulerClockReadsTheVirtualTimeInUtc() {
    VirtualDriver driver = new VirtualDriver(START);
    SchedulerClock clock = new SchedulerClock(driver.scheduler());
    assertThat(clock.instant()).isEqualTo(START);
    driver.scheduler().advanceTimeBy(Duration.ofMillis(1500));
    assertThat(clock.instant()).isEqualTo(START.plusMillis(1500));
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli() + 1500);
    assertThat(clock.withZone(ZoneId.of("UTC").normalized())).isSameAs(clock);
    assertThatThrownBy(() -> clock.withZone(ZoneId.of("Europe/Paris")))
        .hasMessageContaining("Europe/Paris");
  }
}
