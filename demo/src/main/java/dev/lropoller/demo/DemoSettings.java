package dev.lropoller.demo;

import java.time.Duration;

/**
 * The timing of a demo run.
 *
 * @param mixUnit part one's time unit: its operations take 3 to 9 units (the cancelled one is
 *     cancelled after about 5); polls start at a fifth of a unit and grow to one unit
 * @param scale part two's settings
 */
public record DemoSettings(Duration mixUnit, ScaleSettings scale) {

  /**
   * The settings of a command line: one-second units, part two as given by the flags.
   *
   * @param options the parsed flags
   * @return the settings
   */
  public static DemoSettings from(DemoOptions options) {
    return new DemoSettings(Duration.ofSeconds(1), ScaleSettings.of(options.operations(), options.interval()));
  }

  /**
   * A quick run for tests: part one in about two seconds, part two with {@code operations} in
   * about two seconds.
   *
   * @param operations part two's operation count
   * @return the settings
   */
  public static DemoSettings quick(int operations) {
    return new DemoSettings(Duration.ofMillis(200), ScaleSettings.quick(operations));
  }
}
