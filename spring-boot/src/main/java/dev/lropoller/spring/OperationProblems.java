package dev.lropoller.spring;

import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.CredentialsException;
import dev.lropoller.error.JobExpiredException;
import dev.lropoller.error.LroException;
import dev.lropoller.error.OperationCancelledException;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.error.OperationNotFoundException;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.JobKind;
import dev.lropoller.model.RpcStatus;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Maps the poller's errors to RFC 9457 problem details, the same way for an HTTP answer and for
 * the {@code error} event of {@link OperationEvents}.
 *
 * <table>
 *   <caption>Statuses</caption>
 *   <tr><th>error</th><th>status</th></tr>
 *   <tr><td>{@code OperationNotFoundException}</td><td>404</td></tr>
 *   <tr><td>malformed operation name ({@code IllegalArgumentException} from the poller)</td><td>400</td></tr>
 *   <tr><td>{@code OperationCancelledException}</td><td>409</td></tr>
 *   <tr><td>{@code OperationFailedException}</td><td>422: the request was understood, the operation it names ended in error</td></tr>
 *   <tr><td>{@code PollTimeoutException}</td><td>504</td></tr>
 *   <tr><td>{@code ApiCallException}, {@code UnexpectedResponseException}</td><td>502: the API answered wrongly</td></tr>
 *   <tr><td>{@code RetriesExhaustedException}, {@code CredentialsException}, {@code PollerClosedException}</td><td>503: the API cannot be used now</td></tr>
 * </table>
 *
 * <p>The body carries the operation name ({@code operation}) and, when the API gave one, the rpc
 * status ({@code rpcCode} such as {@code FAILED_PRECONDITION}, {@code rpcCodeNumber},
 * {@code rpcMessage}). The {@code detail} is the exception's message, which never carries a token;
 * a credentials error's advice names {@code lropoller.credentials.enabled=false}.
 */
public final class OperationProblems {
  /** Status for an operation that ended in error: {@value}. */
  public static final int FAILED_STATUS = 422;

  private static final String RESOURCE_NAMES = "dev.lropoller.model.ResourceNames";
  private static final String JOB_KIND = "dev.lropoller.model.JobKind";
  /** The advice of {@code GoogleAccessTokens} for an emulator, which a starter user sets as a property. */
  private static final String BUILDER_NO_CREDENTIALS = "GoogleOperationPoller.builder().noCredentials()";

  private OperationProblems() {}

  /**
   * Whether the poller maps this error: an {@link LroException}, or the
   * {@code IllegalArgumentException} the poller throws for a malformed operation name.
   *
   * @param error any error
   * @return {@code true} if {@link #of} maps it
   */
  public static boolean handles(Throwable error) {
    return error instanceof LroException || isMalformedName(error);
  }

  /**
   * Whether {@code error} is the poller's refusal of a malformed name, told apart from other
   * {@code IllegalArgumentException}s by the class that threw it.
   *
   * @param error any error
   * @return {@code true} for a malformed operation name given to the poller
   */
  public static boolean isMalformedName(Throwable error) {
    if (!(error instanceof IllegalArgumentException)) {
      return false;
    }
    StackTraceElement[] trace = error.getStackTrace();
    return trace.length > 0 && (trace[0].getClassName().equals(RESOURCE_NAMES)
        || trace[0].getClassName().equals(JOB_KIND));
  }

  /**
   * The HTTP status for a poller error.
   *
   * @param error an error {@link #handles} accepts
   * @return the status
   * @throws IllegalArgumentException if the poller does not map {@code error}
   */
  public static HttpStatus status(Throwable error) {
    if (isMalformedName(error)) {
      return HttpStatus.BAD_REQUEST;
    }
    if (error instanceof OperationNotFoundException) {
      return HttpStatus.NOT_FOUND;
    }
    if (error instanceof OperationCancelledException) {
      return HttpStatus.CONFLICT;
    }
    if (error instanceof OperationFailedException) {
      return HttpStatus.valueOf(FAILED_STATUS);
    }
    if (error instanceof PollTimeoutException) {
      return HttpStatus.GATEWAY_TIMEOUT;
    }
    if (error instanceof ApiCallException || error instanceof UnexpectedResponseException) {
      return HttpStatus.BAD_GATEWAY;
    }
    if (error instanceof RetriesExhaustedException
        || error instanceof CredentialsException
        || error instanceof PollerClosedException
        || error instanceof LroException) {
      return HttpStatus.SERVICE_UNAVAILABLE;
    }
    throw new IllegalArgumentException(
        "not an error of the poller: " + error.getClass().getName());
  }

  /**
   * The problem detail for a poller error.
   *
   * @param error an error {@link #handles} accepts
   * @return the problem detail, with {@code operation} and the rpc status when known
   * @throws IllegalArgumentException if the poller does not map {@code error}
   */
  public static ProblemDetail of(Throwable error) {
    HttpStatus status = status(error);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(error));
    problem.setTitle(title(error, status));
    if (error instanceof LroException lro && lro.operationName() != null) {
      problem.setProperty("operation", lro.operationName());
    }
    rpcStatus(error).ifPresent(rpc -> {
      problem.setProperty("rpcCode", rpc.code().name());
      problem.setProperty("rpcCodeNumber", rpc.codeNumber());
      problem.setProperty("rpcMessage", rpc.message());
    });
    return problem;
  }

  /**
   * Logs one line for an answered error, without a stack trace: these are answers about the
   * outside world, not bugs. The line is {@code STATUS TITLE (ExceptionClass): detail}.
   *
   * <p>At WARN, except for the errors the engine ({@code dev.lropoller.internal.engine.PollingEngine}) has
   * already logged at WARN when the watch or call gave up, {@link PollTimeoutException} and
   * {@link RetriesExhaustedException}: those are logged here at DEBUG, so that every failed
   * request gives one WARN line. The engine logs once per watch, however many requests share it.
   */
  static void log(Log log, ProblemDetail problem, Throwable error) {
    boolean engineWarned = loggedByEngine(error);
    if (engineWarned ? !log.isDebugEnabled() : !log.isWarnEnabled()) {
      return;
    }
    String line = problem.getStatus() + " " + problem.getTitle() + " ("
        + error.getClass().getSimpleName() + "): " + problem.getDetail();
    if (engineWarned) {
      log.debug(line);
    } else {
      log.warn(line);
    }
  }

  /** The errors {@code PollingEngine.gaveUp} logs at WARN. */
  static boolean loggedByEngine(Throwable error) {
    return error instanceof PollTimeoutException || error instanceof RetriesExhaustedException;
  }

  /**
   * The exception's message; for a {@link CredentialsException}, where the library's advice names
   * the builder call that turns credentials off, the starter's property instead.
   */
  static String detail(Throwable error) {
    String message = String.valueOf(error.getMessage());
    return error instanceof CredentialsException
        ? message.replace(BUILDER_NO_CREDENTIALS, CredentialsCheck.ENABLED + "=false")
        : message;
  }

  private static String title(Throwable error, HttpStatus status) {
    if (isMalformedName(error)) {
      return "Malformed operation name";
    }
    if (error instanceof OperationNotFoundException) {
      return "Operation not found";
    }
    boolean job = error instanceof LroException lro && JobKind.isJobName(lro.operationName());
    if (error instanceof OperationCancelledException) {
      return job ? "Job cancelled" : "Operation cancelled";
    }
    if (error instanceof JobExpiredException) {
      return "Job expired";
    }
    if (error instanceof OperationFailedException) {
      return job ? "Job failed" : "Operation failed";
    }
    if (error instanceof PollTimeoutException) {
      return "Operation still running at the deadline";
    }
    if (error instanceof PollerClosedException) {
      return "Shutting down";
    }
    return status.getReasonPhrase();
  }

  private static Optional<RpcStatus> rpcStatus(Throwable error) {
    if (error instanceof OperationFailedException failed) {
      return Optional.ofNullable(failed.status());
    }
    if (error instanceof ApiCallException api) {
      return Optional.ofNullable(api.status());
    }
    return Optional.empty();
  }
}
