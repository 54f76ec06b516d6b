package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.internal.engine.PollingEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A mass resume at scale: 10,000 watches of old operations started at once. Seconds of work
 * each, so the mutation profile leaves this class out; {@link ResumeTest} keeps the same rules
 * at a few hundred watches.
 */
class MassResumeTest {
  private final Fixture f = new Fixture();

  @Test
  void tenThousandResumedWatchesOfOldOperationsDoNotBurstAndPollAtTheMaximumInterval() {
    int n = 10_000;
    PollPolicy policy = PollPolicy.defaults();
    for (int i = 0; i < n; i++) {
      f.fake.script(ResumeTest.op(i)).body(ResumeTest.runningCreated(ResumeTest.op(i), Duration.ofHours(3)));
    }
    OperationPoller poller = f.poller(policy);
    Disposable all = Flux.range(0, n).flatMap(i -> poller.poll(ResumeTest.op(i)), n).subscribe();
    f.vts.advanceTimeBy(Duration.ofMinutes(2));

    Map<String, List<Duration>> gets = ResumeTest.getsByName(f);
    assertThat(gets).hasSize(n);
    // First polls: at most RESUME_BURST on time, the rest spread over the initial interval.
    TreeMap<Long, Integer> perSecond = new TreeMap<>();
    gets.values().forEach(t -> perSecond.merge(t.get(0).toSeconds(), 1, Integer::sum));
    assertThat(gets.values()).allSatisfy(t ->
        assertThat(t.get(0)).isLessThan(policy.initialInterval()));
    long atZero = gets.values().stream().filter(t -> t.get(0).isZero()).count();
    assertThat(atZero).isLessThanOrEqualTo(PollingEngine.RESUME_BURST);
    // 9,900 spread evenly over 5 s: about 1,980 a second, never the whole 10,000 at once.
    assertThat(perSecond.values()).allSatisfy(c -> assertThat(c).isLessThan(2_600));
    // A three-hour-old run continues at the maximum interval (45 s +- 10 % jitter), not 5 s.
    assertThat(gets.values()).allSatisfy(t -> {
      assertThat(t.size()).isBetween(2, 4);
      Duration gap = t.get(1).minus(t.get(0));
      assertThat(gap).isBetween(Duration.ofMillis(40_500), Duration.ofMillis(49_500));
    });
    all.dispose();
  }

  @Test
  void aNewOperationAfterAMassResumeGetsItsFirstPollOnTime() {
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      f.fake.script(ResumeTest.op(i)).body(ResumeTest.runningCreated(ResumeTest.op(i), Duration.ofHours(3)));
    }
    f.fake.script(Fixture.NAME).body(ResumeTest.runningCreated(Fixture.NAME, Duration.ZERO));
    OperationPoller poller = f.poller(PollPolicy.defaults());
    Disposable all = Flux.range(0, n).flatMap(i -> poller.poll(ResumeTest.op(i)), n).subscribe();
    f.vts.advanceTimeBy(Duration.ofSeconds(6));

    Disposable fresh = poller.poll(Fixture.NAME).subscribe();
    List<Duration> times = ResumeTest.getsByName(f).get(Fixture.NAME);
    assertThat(times).containsExactly(Duration.ofSeconds(6));
    fresh.dispose();
    all.dispose();
  }
}
