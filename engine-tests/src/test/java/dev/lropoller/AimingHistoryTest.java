package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.model.Operation;
import dev.lropoller.spi.AccessToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The aiming schedule for runs without progress once the poller has seen runs of the kind end:
 * its plan from the history's hazard, the spending cap, and the fall-back to the backoff when
 * the history is shown wrong, on the real engine under virtual time.
 */
class AimingHistoryTest {
  private static final long MINUTE = 60_000;
  private static final PollPolicy AIMING = PollPolicy.defaults().withJitter(0)
      .withAiming(Aiming.defaults());
  private static final PollPolicy PLAIN = PollPolicy.defaults().withJitter(0);

  /** CreateModel operations without progress, each created when it is added, done at its end. */
  static final class Runs implements GetOnlyTransport {
    private final VirtualTimeScheduler clock;
    private final Map<String, long[]> runs = new HashMap<>();
    private final Map<String, List<Long>> gets = new HashMap<>();

    Runs(VirtualTimeScheduler clock) {
      this.clock = clock;
    }

    synchronized String add(String id, long durationMillis) {
      String name = "projects/p-" + id + "/locations/us-central1/operations/" + id;
      long now = clock.now(TimeUnit.MILLISECONDS);
      runs.put(name, new long[] {now, now + durationMillis});
      return name;
    }

    synchronized List<Long> getMillis(String name) {
      return List.copyOf(gets.getOrDefault(name, List.of()));
    }

    @Override
    public Mono<byte[]> getOperation(String name, AccessToken token) {
      return Mono.fromCallable(() -> answer(name));
    }

    private synchronized byte[] answer(String name) {
      long now = clock.now(TimeUnit.MILLISECONDS);
      gets.computeIfAbsent(name, k -> new ArrayList<>()).add(now);
      long[] r = runs.get(name);
      boolean done = now >= r[1];
      String metadata = "{\"@type\":\"type.googleapis.com/google.cloud.automl.v1.OperationMetadata\","
          + "\"createTime\":\"" + Instant.ofEpochMilli(r[0]) + "\",\"updateTime\":\""
          + Instant.ofEpochMilli(Math.min(now, r[1])) + "\",\"createModelDetails\":{}}";
      return ("{\"name\":\"" + name + "\",\"metadata\":" + metadata + (done
          ? ",\"done\":true,\"response\":{\"@type\":\"type.googleapis.com/google.protobuf.Empty\"}}"
          : "}")).getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * The GET times (relative to its creation) of one run of {@code durationMillis}, watched after
   * the poller has watched each batch of earlier runs (durations in millis, each batch started
   * together once the one before has ended) to their end.
   */
  private static List<Long> watchAfter(long durationMillis, PollPolicy policy, long[]... batches) {
    VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    Runs server = new Runs(clock);
    try (OperationPoller poller = OperationPoller.builder(server).scheduler(clock).policy(policy)
        .build()) {
      int id = 0;
      for (long[] batch : batches) {
        long longest = 0;
        for (long d : batch) {
          poller.poll(server.add("e" + id++, d)).subscribe();
          longest = Math.max(longest, d);
        }
        clock.advanceTimeBy(Duration.ofMillis(longest).plusMinutes(11));
      }
      long start = clock.now(TimeUnit.MILLISECONDS);
      String name = server.add("new", durationMillis);
      List<Operation> seen = new ArrayList<>();
      poller.poll(name).subscribe(seen::add);
      clock.advanceTimeBy(Duration.ofMillis(durationMillis).plusMinutes(11));
      assertThat(seen).isNotEmpty().last().satisfies(op -> assertThat(op.done()).isTrue());
      return server.getMillis(name).stream().map(t -> t - start).toList();
    } finally {
      clock.dispose();
    }
  }

  /** {@code n} durations evenly from {@code from} to {@code to} minutes. */
  private static long[] spread(int n, double from, double to) {
    long[] d = new long[n];
    for (int i = 0; i < n; i++) {
      d[i] = Math.round((from + (to - from) * i / (n - 1)) * MINUTE);
    }
    return d;
  }

  private static List<Long> gaps(List<Long> times) {
    List<Long> out = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      out.add(times.get(i) - times.get(i - 1));
    }
    return out;
  }

  @Test
  void withAHistoryARunIsPolledSparselyBeforeItsKindsEndsAndDenselyAmongThem() {
    long end = 70 * MINUTE;
    List<Long> aimed = watchAfter(end, AIMING, spread(60, 60, 80));
    List<Long> plain = watchAfter(end, PLAIN, spread(60, 60, 80));
    List<Long> gaps = gaps(aimed);
    for (int i = 1; i < aimed.size(); i++) {
      long gap = gaps.get(i - 1);
      assertThat(gap).isBetween(2_000L, 10 * MINUTE);
      if (aimed.get(i) > 61 * MINUTE && aimed.get(i) <= end) {
        assertThat(gap).as("gap before %d ms", aimed.get(i)).isLessThan(45_000);
      }
    }
    long lag = aimed.get(aimed.size() - 1) - end;
    long plainLag = plain.get(plain.size() - 1) - end;
    assertThat(lag).isNotNegative().isLessThan(plainLag);
    assertThat(aimed.size()).isLessThanOrEqualTo(plain.size());
    // Before its kind's runs end (an hour), it polls less often than the backoff's 45 s.
    assertThat(aimed.stream().filter(t -> t < 50 * MINUTE).count())
        .isLessThan(plain.stream().filter(t -> t < 50 * MINUTE).count() / 2);
  }

  @Test
  void aHistoryShownWrongByEarlyEndsLeavesTheBackoff() {
    // Then nine runs end long before any of the sixty did: the history is shown wrong by them.
    List<Long> aimed = watchAfter(70 * MINUTE, AIMING, spread(60, 180, 240), spread(9, 50, 60));
    List<Long> plain = watchAfter(70 * MINUTE, PLAIN, spread(60, 180, 240), spread(9, 50, 60));
    assertThat(aimed).isEqualTo(plain);
    // Eight are not enough: the plan of the sixty still decides.
    assertThat(watchAfter(70 * MINUTE, AIMING, spread(60, 180, 240), spread(8, 50, 60)))
        .isNotEqualTo(plain);
  }

  @Test
  void aHistoryThreeTimesTooShortCostsAtMostATenthMoreRequestsThanTheBackoff() {
    long end = 70 * MINUTE;
    List<Long> aimed = watchAfter(end, AIMING, spread(60, 20, 27));
    List<Long> plain = watchAfter(end, PLAIN, spread(60, 20, 27));
    assertThat((double) aimed.size()).isLessThanOrEqualTo(1.1 * plain.size() + 1);
    assertThat(aimed.get(aimed.size() - 1) - end).isLessThanOrEqualTo(45_000);
  }
}
