package dev.lropoller.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.model.ModelRef;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.CachingAccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The meters after a scripted watch driven by the real engine under virtual time: one token
 * refresh, two running snapshots, one 503 that is retried, then done with a model.
 */
class ScriptedRunMetersTest {
  private static final String NAME = "projects/p/locations/us-central1/operations/ICN3074819451447";

  @Test
  void metersAfterTwoRunningPollsOneRetried503AndDone() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    FakeOperationsTransport fake = new FakeOperationsTransport(vts);
    fake.script(NAME).running(10).running(50).httpError(503).doneWithModel("flowers_v1");
    MicrometerPollListener metrics = MicrometerPollListener.create(registry);
    CachingAccessTokenSource tokens = CachingAccessTokenSource.builder(Mono.fromSupplier(
            () -> AccessToken.of("ya29.scripted", Instant.ofEpochMilli(vts.now(TimeUnit.MILLISECONDS)).plusSeconds(3600))))
        .clock(vts)
        .listener(metrics)
        .build();
    OperationPoller poller = OperationPoller.builder(fake)
        .scheduler(vts)
        .tokenSource(tokens)
        .policy(PollPolicy.fixed(Duration.ofSeconds(10)))
        .listener(metrics)
        .build();

    StepVerifier.withVirtualTime(() -> poller.model(NAME), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .then(() -> assertThat(gauge(registry)).as("active during the watch").isEqualTo(1.0))
        .thenAwait(Duration.ofMinutes(1))
        .assertNext(model -> assertThat(model).extracting(ModelRef::displayName).isEqualTo("flowers_v1"))
        .verifyComplete();

    assertThat(fake.calls()).hasSize(4).allSatisfy(c -> assertThat(c.token()).isEqualTo("ya29.scripted"));
    assertThat(count(registry, "lropoller.polls", "outcome", "running", "cause", "none")).isEqualTo(2.0);
    assertThat(count(registry, "lropoller.polls", "outcome", "transient_failure", "cause", "http_5xx"))
        .isEqualTo(1.0);
    assertThat(count(registry, "lropoller.polls", "outcome", "done", "cause", "none")).isEqualTo(1.0);
    assertThat(registry.get("lropoller.polls").counters()).hasSize(3);

    // The fake answers at once, so every latency is zero on the virtual clock.
    assertThat(registry.get("lropoller.poll.latency").timers())
        .allSatisfy(t -> assertThat(t.totalTime(TimeUnit.NANOSECONDS)).isZero())
        .extracting(t -> t.getId().getTag("outcome") + "=" + t.count())
        .containsExactlyInAnyOrder("running=2", "transient_failure=1", "done=1");

    assertThat(gauge(registry)).as("active after the watch").isZero();
    assertThat(count(registry, "lropoller.watches.ended", "outcome", "done")).isEqualTo(1.0);
    assertThat(registry.get("lropoller.watches.ended").counters()).hasSize(1);
    assertThat(count(registry, "lropoller.retries", "cause", "http_5xx")).isEqualTo(1.0);
    assertThat(registry.get("lropoller.retries").counters()).hasSize(1);
    assertThat(registry.find("lropoller.cooldowns").counters()).as("no 429, no cool-down").isEmpty();
    assertThat(count(registry, "lropoller.token.refreshes", "result", "success")).as("one token for all polls")
        .isEqualTo(1.0);
    assertThat(count(registry, "lropoller.token.refreshes", "result", "failure")).isZero();
  }

  private static double count(SimpleMeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private static double gauge(SimpleMeterRegistry registry) {
    return registry.get("lropoller.watches.active").gauge().value();
  }
}
