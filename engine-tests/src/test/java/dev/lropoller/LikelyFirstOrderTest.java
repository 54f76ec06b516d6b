package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.spi.AccessToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The likely-first order of a project's queue on the real engine under virtual time: with a
 * binding budget the run about to end is seen sooner than under FIFO, no request waits longer
 * than the fairness bound allows, and a queued request still ends by its timeout, close or
 * cancel.
 */
class LikelyFirstOrderTest {
  private static final String P = "projects/p/locations/us-central1/operations/";
  private static final Duration MAX = Duration.ofMinutes(10);
  private static final int LONG_RUNS = 30;
  private static final Aiming AIMING = Aiming.defaults().withMaxInterval(MAX);
  private static final PollPolicy ORDERED = PollPolicy.defaults().withJitter(0)
      .withAiming(AIMING);
  private static final PollPolicy FIFO = PollPolicy.defaults().withJitter(0)
      .withAiming(AIMING.withLikelyFirst(false));

  private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

  /**
   * Runs created at time 0 that report linear progress until their end and done after it; counts
   * the GETs of each and the time of its first done answer.
   */
  static final class Runs implements GetOnlyTransport {
    private final Scheduler clock;
    private final Map<String, Long> ends = new HashMap<>();
    final Map<String, Integer> gets = new HashMap<>();
    final Map<String, Long> doneSeen = new HashMap<>();

    Runs(Scheduler clock) {
      this.clock = clock;
    }

    Runs run(String name, Duration length) {
      ends.put(name, length.toMillis());
      return this;
    }

    @Override
    public Mono<byte[]> getOperation(String name, AccessToken token) {
      return Mono.fromCallable(() -> answer(name));
    }

    private synchronized byte[] answer(String name) {
      long now = clock.now(TimeUnit.MILLISECONDS);
      long end = ends.get(name);
      gets.merge(name, 1, Integer::sum);
      boolean done = now >= end;
      if (done) {
        doneSeen.putIfAbsent(name, now);
      }
      int progress = done ? 100 : (int) (100 * now / end);
      String body = "{\"name\":\"" + name + "\",\"metadata\":{\"@type\":"
          + "\"type.googleapis.com/google.cloud.automl.v1.OperationMetadata\",\"createTime\":\""
          + Instant.ofEpochMilli(0) + "\",\"updateTime\":\"" + Instant.ofEpochMilli(
              Math.min(now, end)) + "\",\"createModelDetails\":{},\"progressPercent\":"
          + progress + "}" + (done ? ",\"done\":true,\"response\":{\"@type\":"
              + "\"type.googleapis.com/google.protobuf.Empty\"}}" : "}");
      return body.getBytes(StandardCharsets.UTF_8);
    }

  }

  private record Outcome(long shortLagMillis, Duration longestOrderedWait, int completed) {}

  /**
   * One run of 20 min among 30 of 25 min, all in one project limited to 6 requests a minute: near
   * the 20th minute every watch polls densely and the budget binds.
   */
  private static Outcome crowded(PollPolicy policy) {
    VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    Runs server = new Runs(clock).run(P + "short", Duration.ofMinutes(20));
    for (int i = 0; i < LONG_RUNS; i++) {
      server.run(P + "long" + i, Duration.ofMinutes(25));
    }
    List<Disposable> watches = new ArrayList<>();
    int[] completed = {0};
    Duration wait;
    try (OperationPoller poller = OperationPoller.builder(server).scheduler(clock)
        .policy(policy).maxRequestsPerMinute(6).build()) {
      for (int i = 0; i < LONG_RUNS; i++) {
        watches.add(poller.poll(P + "long" + i).then().subscribe(v -> { }, e -> { },
            () -> completed[0]++));
      }
      watches.add(poller.poll(P + "short").then().subscribe(v -> { }, e -> { },
          () -> completed[0]++));
      clock.advanceTimeBy(Duration.ofHours(3));
      wait = poller.engine().admission().longestOrderedWait();
    } finally {
      watches.forEach(Disposable::dispose);
    }
    long shortLag = server.doneSeen.get(P + "short") - Duration.ofMinutes(20).toMillis();
    return new Outcome(shortLag, wait, completed[0]);
  }

  @Test
  void theRunAboutToEndIsSeenSoonerThanUnderFifo() {
    Outcome fifo = crowded(FIFO);
    Outcome ordered = crowded(ORDERED);

    assertThat(fifo.completed()).isEqualTo(LONG_RUNS + 1);
    assertThat(ordered.completed()).isEqualTo(LONG_RUNS + 1);
    assertThat(ordered.shortLagMillis()).isLessThan(fifo.shortLagMillis());
    assertThat(fifo.longestOrderedWait()).as("FIFO uses no ordered queue").isZero();
  }

  @Test
  void noRequestWaitsLongerThanTheBoundPlusItsFifoTurn() {
    Outcome ordered = crowded(ORDERED);

    // 31 watches at 6 a minute: FIFO sends the last of them within ceil(31 / 6) = 6 windows of
    // the ring, and the order adds at most the bound, the aiming's maximum interval.
    assertThat(ordered.longestOrderedWait()).isPositive()
        .isLessThanOrEqualTo(MAX.plus(Duration.ofMinutes(6)));
  }

  @Test
  void aQueuedRequestStillEndsByTheWatchTimeout() {
    Runs server = new Runs(clock).run(P + "a", Duration.ofHours(1))
        .run(P + "b", Duration.ofHours(1));
    AtomicReference<Throwable> error = new AtomicReference<>();
    try (OperationPoller poller = OperationPoller.builder(server).scheduler(clock)
        .policy(ORDERED).maxRequestsPerMinute(1).build()) {
      Disposable a = poller.poll(P + "a").subscribe(v -> { }, e -> { });
      Disposable b = poller.poll(P + "b", ORDERED.withTimeout(Duration.ofSeconds(30)))
          .subscribe(v -> { }, error::set);

      clock.advanceTimeBy(Duration.ofSeconds(29));
      assertThat(error.get()).as("still waiting for the budget: back-pressure").isNull();
      clock.advanceTimeBy(Duration.ofSeconds(1));

      assertThat(error.get()).isInstanceOf(PollTimeoutException.class);
      assertThat(server.gets).doesNotContainKey(P + "b");
      a.dispose();
      b.dispose();
    }
  }

  @Test
  void closeEndsAQueuedRequest() {
    Runs server = new Runs(clock).run(P + "a", Duration.ofHours(1))
        .run(P + "b", Duration.ofHours(1));
    AtomicReference<Throwable> error = new AtomicReference<>();
    OperationPoller poller = OperationPoller.builder(server).scheduler(clock)
        .policy(ORDERED).maxRequestsPerMinute(1).build();
    poller.poll(P + "a").subscribe(v -> { }, e -> { });
    poller.poll(P + "b").subscribe(v -> { }, error::set);
    clock.advanceTimeBy(Duration.ofSeconds(10));

    poller.close();

    assertThat(error.get()).isInstanceOf(PollerClosedException.class);
    clock.advanceTimeBy(Duration.ofMinutes(5));
    assertThat(server.gets).doesNotContainKey(P + "b");
  }

  @Test
  void aCancelledQueuedRequestIsSkippedAndTheNextOneGoes() {
    Runs server = new Runs(clock).run(P + "a", Duration.ofHours(1))
        .run(P + "b", Duration.ofHours(1)).run(P + "c", Duration.ofHours(1));
    try (OperationPoller poller = OperationPoller.builder(server).scheduler(clock)
        .policy(ORDERED).maxRequestsPerMinute(1).build()) {
      Disposable a = poller.poll(P + "a").subscribe(v -> { }, e -> { });
      Disposable b = poller.poll(P + "b").subscribe(v -> { }, e -> { });
      Disposable c = poller.poll(P + "c").subscribe(v -> { }, e -> { });
      clock.advanceTimeBy(Duration.ofSeconds(10));

      b.dispose();
      clock.advanceTimeBy(Duration.ofSeconds(50));

      assertThat(server.gets).doesNotContainKey(P + "b").containsEntry(P + "c", 1);
      a.dispose();
      c.dispose();
    }
  }
}
