package dev.lropoller.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.OperationPoller;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.spring.test.AutoConfigureOperationEmulator;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code lropoller.*} values the test sets, in {@code @SpringBootTest(properties = ...)} or in
 * {@code @TestPropertySource}, win over {@link AutoConfigureOperationEmulator}'s defaults and over
 * the application's configuration file, and reach the poller.
 */
@SpringBootTest(
    classes = TrainingApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.config.name=production-like",
      "lropoller.poll.timeout=2s",
      "lropoller.max-requests-per-minute=1000"
    })
@TestPropertySource(properties = "lropoller.poll.initial-interval=400ms")
@AutoConfigureOperationEmulator
class EmulatorTestSettingsWinTest {
  @Autowired OperationPoller poller;
  @Autowired AutoMlEmulator emulator;

  @Test
  void theTestsTimeoutAndIntervalReachThePoller() {
    assertThat(poller.policy().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(poller.policy().initialInterval()).isEqualTo(Duration.ofMillis(400));
    assertThat(poller.toString()).contains("maxRequestsPerMinute=1000");

    String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .neverDone().build());
    assertThatThrownBy(() -> poller.model(name).block(Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(PollTimeoutException.class, timeout -> {
          assertThat(timeout).hasMessageContaining("timeout of PT2S reached");
          // At one poll per 400 ms, 2 s hold at most 6; the annotation's 10 ms would send ~200.
          // (No lower bound: on a loaded machine one poll may take most of the 2 s.)
          assertThat(timeout.attempts()).isBetween(1, 6);
        });
  }
}
