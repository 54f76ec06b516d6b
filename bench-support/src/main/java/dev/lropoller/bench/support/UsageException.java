package dev.lropoller.bench.support;

/**
 * A command line that cannot run: an unknown flag, a missing value or a value out of range. The
 * message quotes the offending flag or value. Unchecked, so a benchmark's {@code main} can let it
 * end the run; the demo catches it and exits with its usage code.
 */
public final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, quoting the bad flag or value
   */
  public UsageException(String message) {
    super(message);
  }
}
