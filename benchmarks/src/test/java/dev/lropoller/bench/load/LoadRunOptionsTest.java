package dev.lropoller.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The load run's command line for the budget row. */
class LoadRunOptionsTest {

  @Test
  void theQuotaFlagIsParsedAndChecked() {
    LoadRun.Config c = LoadRun.parse(new String[] {"--projects", "20", "--max-requests-per-minute", "600",
        "--emulator-quota-per-minute", "600"});
    assertThat(c.projects()).isEqualTo(20);
    assertThat(c.maxRequestsPerMinute()).isEqualTo(600);
    assertThat(c.emulatorQuotaPerMinute()).isEqualTo(600);
    assertThat(LoadRun.parse(new String[0]).emulatorQuotaPerMinute()).isZero();
    assertThatThrownBy(() -> LoadRun.parse(new String[] {"--emulator-quota-per-minute", "0"}))
        .hasMessage("--emulator-quota-per-minute must be at least 1, got \"0\"");
  }
}
