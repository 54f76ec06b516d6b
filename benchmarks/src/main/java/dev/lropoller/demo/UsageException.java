package dev.lropoller.demo;

/** A command line the demo cannot run: the message quotes the offending flag or value. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, quoting the bad value
   */
  public UsageException(String message) {
    super(message);
  }
}
