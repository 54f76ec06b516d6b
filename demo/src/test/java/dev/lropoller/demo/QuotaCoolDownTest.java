package dev.lropoller.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * What part two relies on: the emulator's quota 429 is one the poller understands. Over the
 * real Reactor Netty stack on loopback, a project over its quota is cooled down for the
 * emulator's {@code Retry-After} (its window is frozen, so the delay is the full 60 s) and sends
 * nothing more, while another project's operation goes on to its end.
 */
class QuotaCoolDownTest {
  private static final Duration SAFETY = Duration.ofSeconds(10);

  @Test
  void aProjectOverItsQuotaIsCooledDownAndNoOtherProjectIs() {
    Clock frozen = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    Sinks.One<String> cooled = Sinks.one();
    Duration[] delay = new Duration[1];
    PollListener listener = new PollListener() {
      @Override
      public void coolDownStarted(String project, Duration d) {
        delay[0] = d;
        cooled.tryEmitValue(project);
      }
    };
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().clock(frozen).quotaPerMinute("busy", 1).start();
        OperationPoller poller = GoogleOperationPoller.builder().endpoint(emulator.baseUri()).noCredentials()
            .policy(PollPolicy.fixed(Duration.ofMillis(50))).listener(listener).build()) {
      String busy = emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA)
          .parent("projects/busy/locations/us-central1").doneAfterPolls(3).build());
      String free = emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA)
          .parent("projects/free/locations/us-central1").doneAfterPolls(3).build());

      Disposable busyWatch = poller.completion(busy).subscribe(v -> { }, e -> { });
      try {
        StepVerifier.create(cooled.asMono()).expectNext("busy").expectComplete().verify(SAFETY);
        assertThat(delay[0]).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(61));

        StepVerifier.create(poller.completion(free)).expectComplete().verify(SAFETY);

        assertThat(emulator.pollCount(free)).isEqualTo(3);
        // busy: one accepted poll, one 429, and nothing since: the cool-down holds it back.
        assertThat(emulator.pollCount(busy)).isEqualTo(1);
        assertThat(emulator.quotaRejections()).isEqualTo(1);
        assertThat(emulator.projectTraffic().get("busy").requests()).isEqualTo(2);
        assertThat(emulator.projectTraffic().get("free").quotaRejections()).isZero();
      } finally {
        busyWatch.dispose();
      }
    }
  }
}
