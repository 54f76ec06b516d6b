package dev.lropoller.bench.load;

import java.time.Duration;

/**
 * One load scenario: {@code operations} operations started on the emulator, each done on its
 * {@code polls}-th GET, watched with {@code interval} between polls; a contender still running
 * at {@code deadline} is stopped and its unfinished operations count as errors.
 *
 * @param operations how many operations
 * @param polls the GET that first answers done (the emulator's {@code doneAfterPolls})
 * @param interval the delay between polls, and before the first for contenders that wait first
 * @param deadline the hard end of one contender's run
 * @param subscribers watches per operation (each its own subscriber)
 * @param projects how many projects the operations are spread over, round-robin
 * @param maxRequestsPerMinute the per-project budget a contender that has one applies (0: none)
 * @param emulatorQuotaPerMinute the emulator's per-project quota: a request that finds this many
 *     accepted requests of its project in the last 60 s is answered 429 RESOURCE_EXHAUSTED (0: none)
 */
public record Scenario(int operations, int polls, Duration interval, Duration deadline,
    int subscribers, int projects, int maxRequestsPerMinute, int emulatorQuotaPerMinute) {

  /**
   * No quota at the emulator.
   *
   * @param operations how many operations
   * @param polls polls to done
   * @param interval delay between polls
   * @param deadline the hard end of one contender's run
   * @param subscribers watches per operation
   * @param projects projects the operations are spread over
   * @param maxRequestsPerMinute the per-project budget (0: none)
   */
  public Scenario(int operations, int polls, Duration interval, Duration deadline,
      int subscribers, int projects, int maxRequestsPerMinute) {
    this(operations, polls, interval, deadline, subscribers, projects, maxRequestsPerMinute, 0);
  }

  /**
   * One subscriber per operation, one project, no budget, no quota.
   *
   * @param operations how many operations
   * @param polls polls to done
   * @param interval delay between polls
   * @param deadline the hard end of one contender's run
   */
  public Scenario(int operations, int polls, Duration interval, Duration deadline) {
    this(operations, polls, interval, deadline, 1, 1, 0, 0);
  }

  /** Watches in all: operations times subscribers. */
  int watches() {
    return operations * subscribers;
  }
  /**
   * A scenario with the default deadline: ten times the nominal polling time plus a minute.
   *
   * @param operations how many operations
   * @param polls polls to done
   * @param interval delay between polls
   * @return the scenario
   */
  public static Scenario of(int operations, int polls, Duration interval) {
    return new Scenario(operations, polls, interval,
        interval.multipliedBy(10L * (polls + 1)).plusSeconds(60));
  }
}
