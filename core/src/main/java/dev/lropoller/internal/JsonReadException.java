package dev.lropoller.internal;

import dev.lropoller.error.UnexpectedResponseException;

/**
 * A value the readers of this package could not read: an empty or malformed body, or a field of
 * the wrong type. The message names the field and quotes the value. Not API: the public parsers
 * of {@code dev.lropoller.model} turn it into an {@link UnexpectedResponseException}, so callers never
 * see it.
 */
public final class JsonReadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was expected and what came, quoting it
   */
  public JsonReadException(String message) {
    super(message);
  }

  /**
   * @param message what was expected and what came, quoting it
   * @param cause the parser's error
   */
  public JsonReadException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The public form of this failure: same message, same cause, no operation name.
   *
   * @return the exception callers see
   */
  public UnexpectedResponseException toUnexpected() {
    return new UnexpectedResponseException(null, getMessage(), getCause());
  }
}
