package dev.lropoller.spring;

import dev.lropoller.OperationPoller;
import dev.lropoller.model.Job;
import dev.lropoller.model.JobState;
import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcCode;
import dev.lropoller.model.RpcStatus;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * Turns a watch into server-sent events with a type per outcome, so that a browser can tell a
 * failed operation from a finished one:
 *
 * <table>
 *   <caption>Events</caption>
 *   <tr><th>event</th><th>when</th><th>data</th></tr>
 *   <tr><td>{@value #PROGRESS}</td><td>each snapshot while running</td><td>{@link OperationProgress}</td></tr>
 *   <tr><td>{@value #DONE}</td><td>done with a response</td><td>the {@code Operation} (ProtoJSON)</td></tr>
 *   <tr><td>{@value #FAILED}</td><td>done with an error</td><td>its {@code RpcStatus} (ProtoJSON)</td></tr>
 *   <tr><td>{@value #CANCELLED}</td><td>done with code 1, CANCELLED</td><td>its {@code RpcStatus}</td></tr>
 *   <tr><td>{@value #ERROR}</td><td>the watch itself failed (not found, timeout, shutdown,
 *       ...)</td><td>an RFC 9457 {@code ProblemDetail} ({@link OperationProblems})</td></tr>
 * </table>
 *
 * <p>Every stream ends after one of the last four, and completes normally, so the HTTP response
 * ends cleanly; the {@value #ERROR} event is logged in one line without a stack trace, at WARN
 * unless the engine logged the failure at WARN already ({@code OperationProblems.log}), so each
 * failure gives one WARN line. When the
 * poller closes (the application shutting down), an open stream gets an {@value #ERROR} event with
 * status 503 at once. An error the poller does not know gets status 500 and a generic detail, so
 * that nothing internal reaches the browser.
 *
 * <pre>{@code
 * @GetMapping(path = "/trainings/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
 * Flux<ServerSentEvent<Object>> events(@PathVariable String id) {
 *   return OperationEvents.watch(poller, OPERATIONS + id);
 * }
 * }</pre>
 */
public final class OperationEvents {
  /** A snapshot of a running operation: {@value}. */
  public static final String PROGRESS = "progress";
  /** The operation succeeded: {@value}. */
  public static final String DONE = "done";
  /** The operation ended with an error: {@value}. */
  public static final String FAILED = "failed";
  /** The operation was cancelled: {@value}. */
  public static final String CANCELLED = "cancelled";
  /** The watch failed before the operation ended: {@value}. */
  public static final String ERROR = "error";

  private static final Log LOG = LogFactory.getLog(OperationEvents.class);

  private OperationEvents() {}

  /**
   * Watches {@code name} with the poller's policy and emits its events.
   *
   * @param poller the poller
   * @param name the operation name
   * @return the events; cancelling the subscription (the client going away) stops polling
   * @throws IllegalArgumentException if {@code name} is malformed, at call time, so that a handler
   *     answers 400 before the stream starts
   */
  public static Flux<ServerSentEvent<Object>> watch(OperationPoller poller, String name) {
    return of(Objects.requireNonNull(poller, "poller").poll(name));
  }

  /**
   * The events of a stream of snapshots, such as {@code poller.poll(name, policy)}.
   *
   * @param snapshots the snapshots
   * @return the events
   */
  public static Flux<ServerSentEvent<Object>> of(Flux<Operation> snapshots) {
    return snapshots
        .map(OperationEvents::event)
        .onErrorResume(error -> Flux.just(error(error)));
  }

  /**
   * Watches a Vertex AI job or pipeline ({@code poller.jobs().watch(name)}) and emits its events:
   * {@value #PROGRESS} with a {@link JobProgress} while it runs (PAUSED and UPDATING included),
   * {@value #DONE} with the {@code Job} (ProtoJSON) when it SUCCEEDED or PARTIALLY_SUCCEEDED,
   * {@value #FAILED} with its {@code RpcStatus} when it FAILED or EXPIRED, {@value #CANCELLED}
   * when it was CANCELLED, and {@value #ERROR} as for operations.
   *
   * @param poller the poller
   * @param name the job or pipeline name
   * @return the events; cancelling the subscription stops polling
   * @throws IllegalArgumentException if {@code name} is not a job name, at call time
   */
  public static Flux<ServerSentEvent<Object>> watchJob(OperationPoller poller, String name) {
    return ofJobs(Objects.requireNonNull(poller, "poller").jobs().watch(name));
  }

  /**
   * The events of a stream of job snapshots, such as {@code poller.jobs().watch(name, policy)}.
   *
   * @param snapshots the snapshots
   * @return the events, as {@link #watchJob} describes them
   */
  public static Flux<ServerSentEvent<Object>> ofJobs(Flux<Job> snapshots) {
    return snapshots
        .map(OperationEvents::jobEvent)
        .onErrorResume(error -> Flux.just(error(error)));
  }

  private static ServerSentEvent<Object> jobEvent(Job job) {
    if (!job.state().isTerminal()) {
      String state = job.state() == JobState.UNRECOGNIZED ? job.stateName() : job.state().name();
      return sse(PROGRESS, new JobProgress(job.name(), state));
    }
    Optional<RpcStatus> error = job.asOperation().error();
    if (error.isEmpty()) {
      return sse(DONE, job);
    }
    return sse(job.state() == JobState.CANCELLED ? CANCELLED : FAILED, error.get());
  }

  private static ServerSentEvent<Object> event(Operation op) {
    if (!op.done()) {
      Integer percent = op.progressPercent().isPresent() ? op.progressPercent().getAsInt() : null;
      return sse(PROGRESS, new OperationProgress(op.name(), percent));
    }
    if (op.error().isEmpty()) {
      return sse(DONE, op);
    }
    RpcStatus status = op.error().get();
    return sse(status.code() == RpcCode.CANCELLED ? CANCELLED : FAILED, status);
  }

  private static ServerSentEvent<Object> error(Throwable error) {
    ProblemDetail problem;
    if (OperationProblems.handles(error)) {
      problem = OperationProblems.of(error);
      OperationProblems.log(LOG, problem, error);
    } else {
      problem = ProblemDetail.forStatusAndDetail(
          HttpStatus.INTERNAL_SERVER_ERROR, "The operation could not be watched.");
      LOG.error("watching an operation failed", error);
    }
    return sse(ERROR, problem);
  }

  private static ServerSentEvent<Object> sse(String event, Object data) {
    return ServerSentEvent.builder(data).event(event).build();
  }
}
