package dev.lropoller.demo;

import java.time.Duration;
import java.util.List;

/**
 * How one operation of part one ended, next to what its script said.
 *
 * @param label the demo's short label, such as {@code train-model}
 * @param operationName the operation's full name on the emulator
 * @param expected the outcome the script should produce
 * @param actual the outcome the typed Mono reported
 * @param lines a readable description of the actual outcome
 * @param difference what differed from the script, or null when it matched
 * @param elapsed from the start of the watch to its outcome
 */
public record MixOutcome(
    String label,
    String operationName,
    Outcome expected,
    Outcome actual,
    List<String> lines,
    String difference,
    Duration elapsed) {

  /**
   * Whether the outcome matched the script.
   *
   * @return true when nothing differed
   */
  public boolean matched() {
    return difference == null;
  }
}
