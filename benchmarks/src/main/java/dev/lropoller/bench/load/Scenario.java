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
 */
public record Scenario(int operations, int polls, Duration interval, Duration deadline) {
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
