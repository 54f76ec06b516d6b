package dev.lropoller.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.PollOutcome;
import dev.lropoller.WatchOutcome;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The binding on its own: each listener event, called directly, moves exactly its meter. */
class MicrometerPollListenerTest {
  private static final String A = "projects/alpha/locations/us-central1/operations/ICN1";
  private static final String B = "projects/beta/locations/eu/operations/ICN2";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void pollsAreCountedAndTimedByOutcomeAndCause() {
    MicrometerPollListener l = MicrometerPollListener.create(registry);
    l.pollSent(A, 1);
    l.pollAnswered(A, Duration.ofMillis(40), PollOutcome.RUNNING, null);
    l.pollAnswered(A, Duration.ofMillis(60), PollOutcome.RUNNING, null);
    l.pollAnswered(A, Duration.ofMillis(5), PollOutcome.TRANSIENT_FAILURE, Failures.http(503));
    l.pollAnswered(B, Duration.ofMillis(7), PollOutcome.TRANSIENT_FAILURE, Failures.http(429));
    l.pollAnswered(A, Duration.ofMillis(30), PollOutcome.DONE, null);

    assertThat(count("lropoller.polls", "outcome", "running", "cause", "none")).isEqualTo(2.0);
    assertThat(count("lropoller.polls", "outcome", "transient_failure", "cause", "http_5xx")).isEqualTo(1.0);
    assertThat(count("lropoller.polls", "outcome", "transient_failure", "cause", "http_429")).isEqualTo(1.0);
    assertThat(count("lropoller.polls", "outcome", "done", "cause", "none")).isEqualTo(1.0);
    assertThat(registry.get("lropoller.polls").counters()).hasSize(4);

    var running = registry.get("lropoller.poll.latency").tags("outcome", "running").timer();
    assertThat(running.count()).isEqualTo(2);
    assertThat(running.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100.0);
    assertThat(running.max(TimeUnit.MILLISECONDS)).isEqualTo(60.0);
    assertThat(registry.get("lropoller.poll.latency").tags("outcome", "transient_failure").timer().count())
        .isEqualTo(2);
    assertThat(registry.get("lropoller.poll.latency").tags("outcome", "done").timer().count()).isEqualTo(1);
  }

  @Test
  void activeWatchesRiseAndFallAndEndsAreCountedByOutcome() {
    MicrometerPollListener l = MicrometerPollListener.create(registry);
    assertThat(gauge()).isZero();
    l.watchStarted(A);
    l.watchStarted(B);
    l.watchStarted(A);
    assertThat(gauge()).isEqualTo(3.0);
    l.watchEnded(A, WatchOutcome.DONE, Duration.ofMinutes(3), 5);
    l.watchEnded(B, WatchOutcome.RETRIES_EXHAUSTED, Duration.ofMinutes(1), 9);
    assertThat(gauge()).isEqualTo(1.0);
    l.watchEnded(A, WatchOutcome.DONE, Duration.ofMinutes(4), 6);
    assertThat(gauge()).isZero();
    assertThat(count("lropoller.watches.ended", "outcome", "done")).isEqualTo(2.0);
    assertThat(count("lropoller.watches.ended", "outcome", "retries_exhausted")).isEqualTo(1.0);
    assertThat(registry.get("lropoller.watches.ended").counters()).hasSize(2);
  }

  @Test
  void retriesAreCountedByCause() {
    MicrometerPollListener l = MicrometerPollListener.create(registry);
    l.retryScheduled(A, Failures.http(503), Duration.ofSeconds(5));
    l.retryScheduled(A, Failures.http(502), Duration.ofSeconds(5));
    l.retryScheduled(A, Failures.reset(), Duration.ofSeconds(5));
    l.retryScheduled(A, new java.util.concurrent.TimeoutException("no answer within PT30S"), Duration.ofSeconds(1));
    assertThat(count("lropoller.retries", "cause", "http_5xx")).isEqualTo(2.0);
    assertThat(count("lropoller.retries", "cause", "connection")).isEqualTo(1.0);
    assertThat(count("lropoller.retries", "cause", "timeout")).isEqualTo(1.0);
  }

  @Test
  void tokenRefreshesAreCountedByResultFromTheStart() {
    MicrometerPollListener l = MicrometerPollListener.create(registry);
    assertThat(count("lropoller.token.refreshes", "result", "success")).isZero();
    assertThat(count("lropoller.token.refreshes", "result", "failure")).isZero();
    l.tokenRefreshed(Duration.ofMillis(80), null);
    l.tokenRefreshed(Duration.ofMillis(90), null);
    l.tokenRefreshed(Duration.ofMillis(10), Failures.credentials());
    assertThat(count("lropoller.token.refreshes", "result", "success")).isEqualTo(2.0);
    assertThat(count("lropoller.token.refreshes", "result", "failure")).isEqualTo(1.0);
  }

  @Test
  void coolDownsAreCounted() {
    MicrometerPollListener l = MicrometerPollListener.create(registry);
    l.coolDownStarted("alpha", Duration.ofSeconds(10));
    l.coolDownStarted("beta", Duration.ofSeconds(10));
    assertThat(registry.get("lropoller.cooldowns").counter().count()).isEqualTo(2.0);
    assertThat(registry.get("lropoller.cooldowns").counter().getId().getTags()).isEmpty();
  }

  @Test
  void withoutTheFlagNoMeterCarriesAProjectOrAName() {
    MicrometerPollListener l = MicrometerPollListener.create(registry);
    everyEvent(l);
    for (Meter m : registry.getMeters()) {
      assertThat(m.getId().getTags()).extracting(Tag::getKey).doesNotContain("project", "name", "operation");
      assertThat(m.getId().getTags()).extracting(Tag::getValue)
          .noneMatch(v -> v.contains("ICN") || v.contains("alpha") || v.contains("beta"));
    }
  }

  @Test
  void withTheFlagEveryMeterButTokenRefreshesAndTheBudgetMetersCarriesTheProject() {
    MicrometerPollListener l = MicrometerPollListener.create(registry, true);
    everyEvent(l);
    l.watchStarted("operations/no-project");
    for (Meter m : registry.getMeters()) {
      boolean tagged = m.getId().getTag("project") != null;
      String meter = m.getId().getName();
      boolean untagged = meter.equals("lropoller.token.refreshes") || meter.startsWith("lropoller.budget.");
      assertThat(tagged).as(m.getId().toString()).isEqualTo(!untagged);
      assertThat(m.getId().getTags()).extracting(Tag::getValue).noneMatch(v -> v.contains("ICN"));
    }
    assertThat(registry.get("lropoller.polls").tags("project", "alpha", "outcome", "running").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("lropoller.polls").tags("project", "beta", "outcome", "failed").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("lropoller.watches.active").tags("project", "alpha").gauge().value()).isZero();
    assertThat(registry.get("lropoller.watches.active").tags("project", "beta").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("lropoller.watches.active").tags("project", "unknown").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("lropoller.cooldowns").tags("project", "alpha").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("lropoller.retries").tags("project", "alpha", "cause", "http_429").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void aNullRegistryIsRefused() {
    assertThatThrownBy(() -> MicrometerPollListener.create(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
    assertThat(MicrometerPollListener.create(registry, true)).hasToString("MicrometerPollListener[projectTag=true]");
  }

  /** One of each event: alpha's watch ends, beta's stays active. */
  private static void everyEvent(MicrometerPollListener l) {
    l.watchStarted(A);
    l.watchStarted(B);
    l.pollSent(A, 1);
    l.pollAnswered(A, Duration.ofMillis(3), PollOutcome.RUNNING, null);
    l.pollAnswered(B, Duration.ofMillis(3), PollOutcome.FAILED, Failures.notFound(B));
    l.retryScheduled(A, Failures.http(429), Duration.ofSeconds(2));
    l.coolDownStarted("alpha", Duration.ofSeconds(2));
    l.tokenRefreshed(Duration.ofMillis(50), null);
    l.watchEnded(A, WatchOutcome.DONE, Duration.ofSeconds(9), 2);
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private double gauge() {
    return registry.get("lropoller.watches.active").gauge().value();
  }
}
