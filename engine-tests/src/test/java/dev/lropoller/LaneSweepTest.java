package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.internal.engine.Admission;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.FakeOperationsTransport.RecordedCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Issue 8, item 4: project lanes are dropped once idle, without weakening the rate limit. */
class LaneSweepTest {
  private static final Duration WINDOW = Admission.RATE_WINDOW;
  private final Fixture f = new Fixture();
  private int others;

  private static String op(String project, int i) {
    return "projects/" + project + "/locations/us-central1/operations/" + i;
  }

  private OperationPoller.Builder builder() {
    return OperationPoller.builder(f.fake).policy(Fixture.exact()).scheduler(f.timers)
        .tokenSource(AccessTokenSource.none());
  }

  private List<Duration> sends(String project) {
    String prefix = "projects/" + project + "/";
    return f.fake.calls().stream().filter(c -> c.kind() == Kind.GET && c.name().startsWith(prefix))
        .map(RecordedCall::at).sorted().toList();
  }

  @Test
  void tenThousandProjectsSeenOnceEachLeaveABoundedNumberOfLanes() {
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      f.fake.script(op("p" + i, 0)).doneEmpty();
    }
    f.fake.script(op("late", 0)).doneEmpty();
    AtomicInteger mostLanes = new AtomicInteger();
    OperationPoller[] poller = new OperationPoller[1];
    poller[0] = builder().listener(new PollListener() {
      @Override
      public void pollSent(String name, int attempt) {
        mostLanes.accumulateAndGet(poller[0].engine().admission().laneCount(), Math::max);
      }
    }).build();

    f.verify(() -> Flux.range(0, n).flatMap(i -> poller[0].completion(op("p" + i, 0)), n).count())
        .thenAwait(Duration.ofMinutes(1))
        .expectNext(0L)
        .verifyComplete();

    assertThat(f.fake.count(Kind.GET)).isEqualTo(n);
    // Unlimited projects are idle as soon as their answer is in: the sweeps that run when the
    // lanes have doubled keep them to a small multiple of the lanes busy at once, never 10,000.
    assertThat(mostLanes.get()).isBetween(1, 2 * 64);

    // A window later, the next admission sweeps what is left: only the new project's lane stays.
    f.vts.advanceTimeBy(WINDOW);
    f.verify(() -> poller[0].completion(op("late", 0))).verifyComplete();
    assertThat(poller[0].engine().admission().laneCount()).isOne();
  }

  @Test
  void limitedLanesStayUntilTheirWindowIsOverAndAComebackStillHoldsTheLimit() {
    int limit = 3;
    long w = WINDOW.toSeconds();
    OperationPoller poller = builder().maxRequestsPerMinute(limit).build();
    Admission admission = poller.engine().admission();

    getsAt(poller, "a", 3); // t = 0: all three leave at once
    f.vts.advanceTimeBy(Duration.ofSeconds(30));
    getsAt(poller, "a", 3); // t = 30: the window is full, they wait until w
    othersAt(poller, 100); // many lanes: sweeps run, but a has sends in its window
    assertThat(admission.hasLane("a")).isTrue();

    advanceTo(2 * w - 1); // a's last sends were at w, one window ago less 1 s
    othersAt(poller, 100);
    assertThat(admission.hasLane("a")).as("a sent within its window").isTrue();
    getsAt(poller, "a", 3); // must wait until w + w
    f.vts.advanceTimeBy(Duration.ofSeconds(1));

    advanceTo(3 * w + 6); // a idle since 2w + w
    othersAt(poller, 1);
    assertThat(admission.hasLane("a")).as("a idle for a whole window").isFalse();
    getsAt(poller, "a", 3); // a fresh lane: these leave at once
    f.vts.advanceTimeBy(Duration.ofSeconds(1));

    List<Duration> a = sends("a");
    assertThat(a).containsExactly(
        at(0), at(0), at(0), at(w), at(w), at(w), at(2 * w), at(2 * w), at(2 * w),
        at(3 * w + 6), at(3 * w + 6), at(3 * w + 6));
    for (int i = limit; i < a.size(); i++) {
      assertThat(a.get(i).minus(a.get(i - limit))).isGreaterThanOrEqualTo(WINDOW);
    }
    assertThat(f.fake.count(Kind.GET)).isEqualTo(12 + 201);
  }

  /** Moves the virtual clock, which starts at 0, to {@code seconds}. */
  private void advanceTo(long seconds) {
    f.vts.advanceTimeBy(at(seconds).minusNanos(f.vts.now(TimeUnit.NANOSECONDS)));
  }

  private static Duration at(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  private int next;

  /** Starts {@code k} gets of new operations of {@code project} now. */
  private void getsAt(OperationPoller poller, String project, int k) {
    for (int i = 0; i < k; i++) {
      String name = op(project, next++);
      f.fake.script(name).doneEmpty();
      poller.get(name).subscribe();
    }
    f.vts.advanceTime();
  }

  /** Starts one get in each of {@code k} projects not seen before. */
  private void othersAt(OperationPoller poller, int k) {
    for (int i = 0; i < k; i++) {
      String name = op("other" + others++, 0);
      f.fake.script(name).doneEmpty();
      poller.get(name).subscribe();
    }
    f.vts.advanceTime();
  }
}
