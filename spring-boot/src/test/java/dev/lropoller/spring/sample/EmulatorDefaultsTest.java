package dev.lropoller.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.spring.test.AutoConfigureOperationEmulator;
import dev.lropoller.spring.test.OperationEmulatorConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * With production settings in the application's configuration file and none in the test,
 * {@link AutoConfigureOperationEmulator} gives the fast policy and no request budget, and keeps
 * the application's other poll settings.
 */
@SpringBootTest(
    classes = TrainingApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = "spring.config.name=production-like")
@AutoConfigureOperationEmulator
class EmulatorDefaultsTest {
  @Autowired OperationPoller poller;

  @Test
  void theFastPolicyReplacesTheApplicationsTimingAndTheRestIsKept() {
    assertThat(poller.policy()).isEqualTo(OperationEmulatorConfiguration.FAST_POLICY
        .withMaxAttempts(500).withRequestTimeout(Duration.ofSeconds(7)));
  }

  @Test
  void theApplicationsRequestBudgetDoesNotApply() {
    assertThat(poller.toString()).contains("maxRequestsPerMinute=unlimited");
  }
}
