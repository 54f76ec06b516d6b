package dev.lropoller.demo;

import java.time.Duration;
import java.util.List;

/**
 * What part two measured.
 *
 * @param operations operations started
 * @param succeeded operations whose typed Mono reported success
 * @param errors the first few errors, if any watch failed
 * @param requests requests the emulator answered or reset (polls, injected faults, 429s)
 * @param faultsInjected 503 answers and connection resets the emulator injected, each retried by
 *     the poller
 * @param quotaRejections requests the emulator answered 429 because their project was over its
 *     quota (expected: 0, the poller's budget is under the quota)
 * @param coolDowns project cool-downs the poller started after a 429 (expected: 0)
 * @param busiestProjectMinute the most requests that arrived at the emulator for one project in
 *     any 60-second window
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
    long quotaRejections,
    long coolDowns,
    int busiestProjectMinute,
    ResourceUsage usage,
    Duration lagP50,
    Duration lagP99,
    Duration lagMax) {

  /**
   * Whether every operation completed successfully and no project went over its quota.
   *
   * @return true if nothing failed and no request met a quota 429
   */
  public boolean success() {
    return succeeded == operations && errors.isEmpty() && quotaRejections == 0;
  }
}
