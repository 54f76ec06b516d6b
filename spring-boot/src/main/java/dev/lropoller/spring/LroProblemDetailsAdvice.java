package dev.lropoller.spring;

import dev.lropoller.error.LroException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a poller error escaping a controller with its {@link OperationProblems} problem detail,
 * logged in one line with its status and message and without a stack trace (at WARN, or at DEBUG
 * for a timeout or exhausted retries, which the engine has logged at WARN already): these are
 * answers about the outside world, not bugs. Lowest precedence, so the application's own handlers win.
 * Works for WebFlux and servlet applications alike.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
final class LroProblemDetailsAdvice {
  private static final Log LOG = LogFactory.getLog(LroProblemDetailsAdvice.class);

  @ExceptionHandler(LroException.class)
  ResponseEntity<ProblemDetail> onPollerError(LroException error) {
    return answer(error);
  }

  /** Only the poller's refusal of a malformed name; any other is passed on unchanged. */
  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> onIllegalArgument(IllegalArgumentException error) {
    if (!OperationProblems.isMalformedName(error)) {
      throw error;
    }
    return answer(error);
  }

  private static ResponseEntity<ProblemDetail> answer(RuntimeException error) {
    ProblemDetail problem = OperationProblems.of(error);
    OperationProblems.log(LOG, problem, error);
    return ResponseEntity.status(problem.getStatus()).body(problem);
  }
}
