package dev.lropoller.testing.emulator;

import java.time.Instant;
import java.util.Optional;

/**
 * One request as the emulator saw it, for assertions. Never holds a token: only whether one was
 * present, whether it was accepted and a short non-reversible fingerprint.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param path the decoded path, e.g. {@code /v1/projects/p/locations/l/operations/ICN1}
 * @param query the raw query string without {@code ?}, or empty
 * @param time when the request arrived, on the emulator's clock
 * @param tokenPresent whether an {@code Authorization} header was sent
 * @param tokenAccepted whether the request passed the token check
 * @param tokenFingerprint {@code sha256:} plus the first 8 hex digits of the token's SHA-256, or
 *     empty when no bearer token was sent
 * @param fault the injected fault, or null
 * @param status the HTTP status answered, or 0 when the connection was reset without an answer
 * @param authority the request's {@code Host} header, or its {@code :authority} over h2 (Netty
 *     turns one into the other), e.g. {@code 127.0.0.1:54321}; empty if none was sent. With
 *     {@link AutoMlEmulator.Builder#location(String)} each location has its own port, so the
 *     authority shows which location's endpoint a client chose
 */
public record RecordedRequest(
    String method,
    String path,
    String query,
    Instant time,
    boolean tokenPresent,
    boolean tokenAccepted,
    String tokenFingerprint,
    Fault fault,
    int status,
    String authority) {

  /**
   * A request recorded without an authority (empty), as before the emulator recorded it.
   *
   * @param method see the record
   * @param path see the record
   * @param query see the record
   * @param time see the record
   * @param tokenPresent see the record
   * @param tokenAccepted see the record
   * @param tokenFingerprint see the record
   * @param fault see the record
   * @param status see the record
   */
  public RecordedRequest(String method, String path, String query, Instant time, boolean tokenPresent,
      boolean tokenAccepted, String tokenFingerprint, Fault fault, int status) {
    this(method, path, query, time, tokenPresent, tokenAccepted, tokenFingerprint, fault, status, "");
  }

  /**
   * The injected fault, if any.
   *
   * @return the fault or empty
   */
  public Optional<Fault> injectedFault() {
    return Optional.ofNullable(fault);
  }

  /**
   * Whether this request was an operation poll ({@code GET} of a name ending in
   * {@code operations/{id}}).
   *
   * @return true for a poll
   */
  public boolean isPoll() {
    return "GET".equals(method) && Router.isOperationName(path.startsWith("/v1/") ? path.substring(4) : path);
  }
}
