package dev.lropoller.internal.engine;

import dev.lropoller.PollOutcome;
import dev.lropoller.WatchOutcome;
import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.CredentialsException;
import dev.lropoller.error.EndpointConfigurationException;
import dev.lropoller.error.LroException;
import dev.lropoller.error.OperationCancelledException;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.error.OperationNotFoundException;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcCode;
import dev.lropoller.model.RpcStatus;
import dev.lropoller.spi.FailureKind;
import dev.lropoller.spi.TransportException;

/**
 * What a classified failure becomes outside the engine: the public exception a subscriber gets,
 * the listener's poll outcome, and the watch outcome. The classification itself is
 * {@link FailureKind#of(Throwable)}; what follows a failure is {@link Recovery}.
 */
final class Failures {
  private Failures() {}

  /** The listener's outcome of an attempt that failed with a failure of {@code kind}. */
  static PollOutcome pollOutcome(FailureKind kind) {
    if (kind == FailureKind.UNAUTHORIZED) {
      return PollOutcome.UNAUTHORIZED;
    }
    return kind.retried() ? PollOutcome.TRANSIENT_FAILURE : PollOutcome.FAILED;
  }

  /** Turns what a transport reports into the public exceptions; leaves those already public. */
  static Throwable typed(String name, Throwable e) {
    if (!(e instanceof TransportException t)) {
      return e;
    }
    switch (FailureKind.of(t)) {
      case CREDENTIALS:
        return new CredentialsException(name, t.getMessage(), t);
      case CONFIGURATION:
        return new EndpointConfigurationException(name, t.getMessage(), t);
      case NOT_FOUND:
        return new OperationNotFoundException(name, t.statusOrDerived());
      default:
        return t.httpStatus() != 0
            ? new ApiCallException(name, t.httpStatus(), t.statusOrDerived())
            : new UnexpectedResponseException(name, t.getMessage(), t);
    }
  }

  /** The error of a second 401 in a row: the server refused a freshly refreshed token. */
  static ApiCallException unauthenticated(String name, TransportException second) {
    RpcStatus body = second.statusOrDerived();
    RpcStatus status = body.code() == RpcCode.UNAUTHENTICATED
        ? body
        : RpcStatus.of(RpcCode.UNAUTHENTICATED,
            "the server rejected a freshly refreshed token: " + body.message());
    return new ApiCallException(name, 401, status);
  }

  /** The watch outcome of an operation that is done, with {@code error} or none. */
  static WatchOutcome doneOutcome(RpcStatus error) {
    return error == null ? WatchOutcome.DONE
        : error.code() == RpcCode.CANCELLED ? WatchOutcome.CANCELLED : WatchOutcome.FAILED;
  }

  /** The public exception of {@code op}, done with {@code error}: cancelled, or failed. */
  static LroException operationError(Operation op, RpcStatus error) {
    return error.code() == RpcCode.CANCELLED
        ? new OperationCancelledException(op, error)
        : new OperationFailedException(op, error);
  }

  /** The watch outcome of a watch that ended with the public error {@code error}. */
  static WatchOutcome watchOutcome(Throwable error) {
    return error instanceof PollTimeoutException ? WatchOutcome.TIMEOUT
        : error instanceof RetriesExhaustedException ? WatchOutcome.RETRIES_EXHAUSTED
        : error instanceof PollerClosedException ? WatchOutcome.CLOSED
        : WatchOutcome.ERROR;
  }
}
