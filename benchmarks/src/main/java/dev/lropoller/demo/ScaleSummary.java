package dev.lropoller.demo;

import java.time.Duration;
import java.util.List;

/**
 * What part two measured.
 *
 * @param operations operations started
 * @param succeeded operations whose typed Mono reported success
 * @param errors the first few errors, if any watch failed
 * @param requests requests the emulator answered (polls plus injected faults)
 * @param faultsInjected 503 and 429 answers the emulator injected, each retried by the poller
 * @param usage wall and CPU time, peak heap and threads
 * @param lagP50 median detection lag: client's completion time minus the emulator's done time
 * @param lagP99 99th percentile detection lag
 * @param lagMax largest detection lag
 */
public record ScaleSummary(
    int operations,
    int succeeded,
    List<String> errors,
    long requests,
    long faultsInjected,
    ResourceUsage usage,
    Duration lagP50,
    Duration lagP99,
    Duration lagMax) {

  /**
   * Whether every operation completed successfully.
   *
   * @return true if nothing failed
   */
  public boolean success() {
    return succeeded == operations && errors.isEmpty();
  }
}
