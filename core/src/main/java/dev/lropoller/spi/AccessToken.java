package dev.lropoller.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An OAuth 2.0 bearer token and when it expires. Its {@link #toString()} never shows the value.
 */
public final class AccessToken {
  private static final AccessToken NONE = new AccessToken("", null);

  private final String value;
  private final Instant expiresAt;

  private AccessToken(String value, Instant expiresAt) {
    this.value = value;
    this.expiresAt = expiresAt;
  }

  /**
   * A token with a known expiry.
   *
   * @param value the token; must not be empty
   * @param expiresAt when the token stops working, or {@code null} if unknown (then it is used
   *     until the server rejects it)
   * @return the token
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public static AccessToken of(String value, Instant expiresAt) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("access token value must not be empty");
    }
    return new AccessToken(value, expiresAt);
  }

  /**
   * The absent token: requests go out without an {@code Authorization} header (emulators,
   * tests).
   *
   * @return the shared absent token
   */
  public static AccessToken none() {
    return NONE;
  }

  /**
   * Whether this is {@link #none()}.
   *
   * @return {@code true} for the absent token
   */
  public boolean isNone() {
    return this == NONE;
  }

  /**
   * The secret token value. Send it, never log it.
   *
   * @return the value, {@code ""} for {@link #none()}
   */
  public String value() {
    return value;
  }

  /**
   * When the token stops working.
   *
   * @return the expiry, empty when unknown or for {@link #none()}
   */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * Whether the token expires within {@code margin} of {@code now}.
   *
   * @param now the current time
   * @param margin how far ahead to look
   * @return {@code false} when the expiry is unknown
   */
  public boolean expiresWithin(Instant now, Duration margin) {
    return expiresAt != null && !now.plus(margin).isBefore(expiresAt);
  }

  /**
   * Whether {@code other} carries the same secret value.
   *
   * @param other another token
   * @return {@code true} if both values are equal
   */
  public boolean sameValueAs(AccessToken other) {
    return other != null && value.equals(other.value);
  }

  /** Shows the expiry only; the value is redacted. */
  @Override
  public String toString() {
    if (isNone()) {
      return "AccessToken[none]";
    }
    return "AccessToken[value=<redacted>, expiresAt=" + (expiresAt == null ? "unknown" : expiresAt) + "]";
  }
}
