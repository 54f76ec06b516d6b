package dev.lropoller.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The canonical error codes of {@code google.rpc.Code}, in number order, each with the HTTP
 * status that Google APIs answer with for it (AIP-193).
 */
public enum RpcCode {
  /** 0: not an error. HTTP 200. */
  OK(0, 200),
  /** 1: cancelled, typically by the caller. HTTP 499. */
  CANCELLED(1, 499),
  /** 2: unknown error. HTTP 500. */
  UNKNOWN(2, 500),
  /** 3: the client sent an invalid argument. HTTP 400. */
  INVALID_ARGUMENT(3, 400),
  /** 4: the deadline expired. HTTP 504. */
  DEADLINE_EXCEEDED(4, 504),
  /** 5: not found. HTTP 404. */
  NOT_FOUND(5, 404),
  /** 6: already exists. HTTP 409. */
  ALREADY_EXISTS(6, 409),
  /** 7: the caller may not do this. HTTP 403. */
  PERMISSION_DENIED(7, 403),
  /** 8: quota or another resource ran out. HTTP 429. */
  RESOURCE_EXHAUSTED(8, 429),
  /** 9: the system is not in a state that allows the call. HTTP 400. */
  FAILED_PRECONDITION(9, 400),
  /** 10: aborted, typically by a concurrency conflict. HTTP 409. */
  ABORTED(10, 409),
  /** 11: out of the valid range. HTTP 400. */
  OUT_OF_RANGE(11, 400),
  /** 12: not implemented or not supported. HTTP 501. */
  UNIMPLEMENTED(12, 501),
  /** 13: internal error. HTTP 500. */
  INTERNAL(13, 500),
  /** 14: the service is unavailable; retrying may help. HTTP 503. */
  UNAVAILABLE(14, 503),
  /** 15: unrecoverable data loss. HTTP 500. */
  DATA_LOSS(15, 500),
  /** 16: no valid credentials. HTTP 401. */
  UNAUTHENTICATED(16, 401);

  private static final RpcCode[] BY_NUMBER = values();

  private final int number;
  private final int httpStatus;

  RpcCode(int number, int httpStatus) {
    this.number = number;
    this.httpStatus = httpStatus;
  }

  /**
   * The {@code google.rpc.Code} number, as in {@code google.rpc.Status.code}.
   *
   * @return the number, 0 to 16
   */
  public int number() {
    return number;
  }

  /**
   * The HTTP status a Google REST API answers with for this code.
   *
   * @return the HTTP status
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The code with this number.
   *
   * @param n a {@code google.rpc.Code} number
   * @return the code; {@link #UNKNOWN} for a number outside 0..16
   */
  public static RpcCode forNumber(int n) {
    return n >= 0 && n < BY_NUMBER.length ? BY_NUMBER[n] : UNKNOWN;
  }

  /**
   * The code with this name, as in the {@code status} field of an AIP-193 error body. Case and
   * surrounding whitespace are ignored.
   *
   * @param s a name such as {@code "NOT_FOUND"}; {@code null} gives empty
   * @return the code, empty when no code has that name
   */
  public static Optional<RpcCode> forName(String s) {
    if (s == null) {
      return Optional.empty();
    }
    String key = s.trim().toUpperCase(Locale.ROOT);
    for (RpcCode c : BY_NUMBER) {
      if (c.name().equals(key)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * The usual code for an HTTP status when the body does not say, following Google's Java REST
   * client (gax-httpjson): 400 {@link #INVALID_ARGUMENT}, 401 {@link #UNAUTHENTICATED}, 403
   * {@link #PERMISSION_DENIED}, 404 {@link #NOT_FOUND}, 409 {@link #ABORTED}, 429
   * {@link #RESOURCE_EXHAUSTED}, 499 {@link #CANCELLED}, 500 {@link #INTERNAL}, 501
   * {@link #UNIMPLEMENTED}, 503 {@link #UNAVAILABLE}, 504 {@link #DEADLINE_EXCEEDED}; any other
   * 2xx {@link #OK}, 4xx {@link #FAILED_PRECONDITION}, 5xx {@link #INTERNAL}; anything else
   * {@link #UNKNOWN}. 400, 409 and 500 are ambiguous: prefer the body's {@code status}.
   *
   * @param http an HTTP status
   * @return the code, never null
   */
  public static RpcCode fromHttpStatus(int http) {
    switch (http) {
      case 400: return INVALID_ARGUMENT;
      case 401: return UNAUTHENTICATED;
      case 403: return PERMISSION_DENIED;
      case 404: return NOT_FOUND;
      case 409: return ABORTED;
      case 429: return RESOURCE_EXHAUSTED;
      case 499: return CANCELLED;
      case 500: return INTERNAL;
      case 501: return UNIMPLEMENTED;
      case 503: return UNAVAILABLE;
      case 504: return DEADLINE_EXCEEDED;
      default:
        if (http >= 200 && http < 300) {
          return OK;
        }
        if (http >= 400 && http < 500) {
          return FAILED_PRECONDITION;
        }
        return http >= 500 && http < 600 ? INTERNAL : UNKNOWN;
    }
  }
}
