package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.internal.engine.PollingEngine;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.FakeOperationsTransport.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Age-aware resume: old operations continue their backoff; a resume of more than
 * {@link PollingEngine#RESUME_BURST} watches does not burst. The same at 10,000 watches is
 * {@link MassResumeTest}.
 */
class ResumeTest {
  private final Fixture f = new Fixture();

  static String op(int i) {
    return "projects/p/locations/us-central1/operations/" + i;
  }

  /** A running operation created {@code age} before the virtual clock's zero. */
  static String runningCreated(String name, Duration age) {
    return "{\"name\":\"" + name + "\",\"metadata\":{\"createTime\":\""
        + Instant.EPOCH.minus(age) + "\",\"progressPercent\":50}}";
  }

  private Map<String, List<Duration>> getsByName() {
    return getsByName(f);
  }

  /** When each operation was polled, by name. */
  static Map<String, List<Duration>> getsByName(Fixture f) {
    return f.fake.calls().stream().filter(c -> c.kind() == Kind.GET)
        .collect(Collectors.groupingBy(RecordedCall::name,
            Collectors.mapping(RecordedCall::at, Collectors.toList())));
  }

  @Test
  void aResumeOfMoreThanTheBurstSendsTheBurstOnTimeAndSpreadsTheRestOverOneInitialInterval() {
    int n = PollingEngine.RESUME_BURST + 150;
    PollPolicy policy = PollPolicy.defaults();
    for (int i = 0; i < n; i++) {
      f.fake.script(op(i)).body(runningCreated(op(i), Duration.ofHours(3)));
    }
    OperationPoller poller = f.poller(policy);
    Disposable all = Flux.range(0, n).flatMap(i -> poller.poll(op(i)), n).subscribe();
    f.vts.advanceTimeBy(policy.initialInterval());

    Map<String, List<Duration>> gets = getsByName();
    assertThat(gets).hasSize(n);
    long atZero = gets.values().stream().filter(t -> t.get(0).isZero()).count();
    assertThat(atZero).isEqualTo(PollingEngine.RESUME_BURST);
    assertThat(gets.values()).allSatisfy(t ->
        assertThat(t.get(0)).isLessThan(policy.initialInterval()));
    all.dispose();
  }

  @Test
  void aStartAfterTheBurstWindowHasPassedPollsOnTime() {
    int n = PollingEngine.RESUME_BURST + 150;
    for (int i = 0; i < n; i++) {
      f.fake.script(op(i)).body(runningCreated(op(i), Duration.ofHours(3)));
    }
    f.fake.script(Fixture.NAME).body(runningCreated(Fixture.NAME, Duration.ZERO));
    PollPolicy policy = PollPolicy.defaults();
    OperationPoller poller = f.poller(policy);
    Disposable all = Flux.range(0, n).flatMap(i -> poller.poll(op(i)), n).subscribe();
    f.vts.advanceTimeBy(policy.initialInterval());

    Disposable fresh = poller.poll(Fixture.NAME).subscribe();
    assertThat(getsByName().get(Fixture.NAME)).containsExactly(policy.initialInterval());
    fresh.dispose();
    all.dispose();
  }

  @Test
  void aJustCreatedOperationGetsItsFirstPollOnTimeAndTheUsualBackoff() {
    f.fake.script(Fixture.NAME).body(runningCreated(Fixture.NAME, Duration.ZERO));
    OperationPoller poller = f.poller(Fixture.exact());
    Disposable w = poller.poll(Fixture.NAME).subscribe();
    f.vts.advanceTimeBy(Duration.ofSeconds(20));
    // 0, then 5 s, then 5 * 1.5 = 7.5 s later: the default backoff from its start.
    assertThat(f.getTimes()).containsExactly(Duration.ZERO, Duration.ofSeconds(5),
        Duration.ofMillis(12_500));
    w.dispose();
  }

  @Test
  void anAgeThatEndsExactlyOnAStepStaysInThatStep() {
    // 5 s old: the first 5 s step is exactly used up, so the backoff stays in it and the next gap
    // is the step after it, 7.5 s (not 11.25 s, as a step too far would give).
    f.fake.script(Fixture.NAME).body(runningCreated(Fixture.NAME, Duration.ofSeconds(5)));
    OperationPoller poller = f.poller(Fixture.exact());
    Disposable w = poller.poll(Fixture.NAME).subscribe();
    f.vts.advanceTimeBy(Duration.ofSeconds(20));
    assertThat(f.getTimes()).startsWith(Duration.ZERO, Duration.ofMillis(7_500));
    w.dispose();
  }

  @Test
  void theAgeMovesTheBackoffAlongItsOwnSequence() {
    // 20 s old: its backoff is in the 11.25 s step (5 + 7.5 + 11.25 passes 20 s), so the next gap
    // is the step after it: 16.875 s.
    f.fake.script(Fixture.NAME).body(runningCreated(Fixture.NAME, Duration.ofSeconds(20)));
    OperationPoller poller = f.poller(Fixture.exact());
    Disposable w = poller.poll(Fixture.NAME).subscribe();
    f.vts.advanceTimeBy(Duration.ofSeconds(30));
    assertThat(f.getTimes()).startsWith(Duration.ZERO, Duration.ofMillis(16_875));
    w.dispose();
  }
}
