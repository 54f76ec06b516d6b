package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.JobScript;
import dev.lropoller.testing.emulator.JobState;
import dev.lropoller.testing.emulator.VertexJobKind;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.Fault;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import reactor.core.publisher.Mono;

/** Each status, from errors the poller really raises against the emulator. */
class OperationProblemsTest {
  private static final int DEFAULT_SIZE = GoogleOperationPoller.DEFAULT_MAX_RESPONSE_BYTES;
  private static AutoMlEmulator emulator;
  private static OperationPoller poller;

  @BeforeAll
  static void start() {
    emulator = AutoMlEmulator.start();
    poller = pollerWith(PollPolicy.fixed(Duration.ofMillis(5)), DEFAULT_SIZE);
  }

  @AfterAll
  static void stop() {
    poller.close();
    emulator.close();
  }

  private static OperationPoller pollerWith(PollPolicy policy, int maxResponseBytes) {
    return GoogleOperationPoller.builder().endpoint(emulator.baseUri()).noCredentials()
        .policy(policy).maxResponseBytes(maxResponseBytes).build();
  }

  private static String start(OperationScript.Builder script) {
    return emulator.startOperation(script.build());
  }

  private static Throwable errorOf(Mono<?> call) {
    Throwable[] error = new Throwable[1];
    call.doOnError(e -> error[0] = e).onErrorComplete().block(Duration.ofSeconds(10));
    assertThat(error[0]).as("the call failed").isNotNull();
    return error[0];
  }

  @Test
  void failedIs422WithTheRpcStatus() {
    String name = start(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .failure(9, "no quota").doneAfterPolls(1));
    ProblemDetail problem = assertStatus(errorOf(poller.model(name)), 422);
    assertThat(problem.getTitle()).isEqualTo("Operation failed");
    assertThat(problem.getProperties())
        .containsEntry("operation", name)
        .containsEntry("rpcCode", "FAILED_PRECONDITION")
        .containsEntry("rpcCodeNumber", 9)
        .containsEntry("rpcMessage", "no quota");
  }

  @Test
  void cancelledIs409() {
    String name = start(OperationScript.builder(AutoMlRpc.CREATE_MODEL).neverDone());
    poller.cancel(name).block(Duration.ofSeconds(10));
    assertThat(assertStatus(errorOf(poller.model(name)), 409).getProperties())
        .containsEntry("rpcCode", "CANCELLED");
  }

  @Test
  void notFoundIs404() {
    assertStatus(errorOf(poller.get(OperationScript.DEFAULT_PARENT + "/operations/ICN404")), 404);
  }

  @Test
  void timeoutIs504() {
    String name = start(OperationScript.builder(AutoMlRpc.CREATE_MODEL).neverDone());
    OperationPoller once = pollerWith(PollPolicy.fixed(Duration.ofMillis(5)).withMaxAttempts(1),
        DEFAULT_SIZE);
    try {
      assertStatus(errorOf(once.model(name)), 504);
    } finally {
      once.close();
    }
  }

  @Test
  void retriesExhaustedIs503() {
    String name = start(OperationScript.builder(AutoMlRpc.CREATE_MODEL).neverDone());
    emulator.faults().next(2, Fault.status(503));
    OperationPoller impatient = pollerWith(
        PollPolicy.fixed(Duration.ofMillis(5)).withMaxConsecutiveFailures(2), DEFAULT_SIZE);
    try {
      assertStatus(errorOf(impatient.model(name)), 503);
    } finally {
      emulator.faults().clear();
      impatient.close();
    }
  }

  @Test
  void anUnexpectedResponseIs502() {
    String name = start(OperationScript.builder(AutoMlRpc.CREATE_MODEL).doneAfterPolls(1));
    OperationPoller small = pollerWith(PollPolicy.fixed(Duration.ofMillis(5)), 64);
    try {
      assertStatus(errorOf(small.get(name)), 502);
    } finally {
      small.close();
    }
  }

  @Test
  void anApiRefusalIs502() {
    AutoMlEmulator guarded = AutoMlEmulator.builder().requireToken(true).start();
    try {
      String name = guarded.startOperation(OperationScript.of(AutoMlRpc.CREATE_MODEL));
      OperationPoller anonymous = GoogleOperationPoller.builder().endpoint(guarded.baseUri())
          .noCredentials().policy(PollPolicy.fixed(Duration.ofMillis(5))).build();
      try {
        Throwable error = errorOf(anonymous.get(name));
        assertThat(OperationProblems.handles(error)).isTrue();
        assertThat(OperationProblems.of(error).getStatus()).isIn(502, 503);
      } finally {
        anonymous.close();
      }
    } finally {
      guarded.close();
    }
  }

  @Test
  void malformedNamesAre400AndOtherIllegalArgumentsAreNotMapped() {
    assertThatThrownBy(() -> poller.get("projects/p/operations/a b"))
        .isInstanceOfSatisfying(IllegalArgumentException.class, e -> {
          assertThat(OperationProblems.isMalformedName(e)).isTrue();
          assertThat(assertStatus(e, 400).getDetail()).contains("a b");
        });
    IllegalArgumentException other = new IllegalArgumentException("bad page size");
    assertThat(OperationProblems.handles(other)).isFalse();
    assertThatThrownBy(() -> OperationProblems.of(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IllegalArgumentException");
  }

  @Test
  void jobFailuresAre422And409WithJobTitles() {
    String parent = "projects/p/locations/us-central1";
    String failed = emulator.vertex().startJob(JobScript.builder(VertexJobKind.CUSTOM_JOB)
        .parent(parent).failure(3, "replica exited").endsIn(JobState.FAILED).build());
    ProblemDetail f = assertStatus(errorOf(poller.jobs().completion(failed)), 422);
    assertThat(f.getTitle()).isEqualTo("Job failed");
    assertThat(f.getProperties()).containsEntry("operation", failed)
        .containsEntry("rpcMessage", "replica exited");
    String expired = emulator.vertex().startJob(JobScript.builder(VertexJobKind.TUNING_JOB)
        .parent(parent).endsIn(JobState.EXPIRED).build());
    assertThat(assertStatus(errorOf(poller.jobs().completion(expired)), 422).getTitle())
        .isEqualTo("Job expired");
    String cancelled = emulator.vertex().startJob(JobScript.builder(VertexJobKind.NAS_JOB)
        .parent(parent).endsIn(JobState.CANCELLED).build());
    assertThat(assertStatus(errorOf(poller.jobs().completion(cancelled)), 409).getTitle())
        .isEqualTo("Job cancelled");
  }

  @Test
  void malformedJobNamesAre400() {
    assertThatThrownBy(() -> poller.jobs().watch("projects/p/locations/l/widgets/1"))
        .isInstanceOfSatisfying(IllegalArgumentException.class,
            e -> assertThat(assertStatus(e, 400).getDetail()).contains("widgets/1"));
    assertThatThrownBy(() -> poller.jobs().trainedModel("projects/p/locations/l/customJobs/1"))
        .isInstanceOfSatisfying(IllegalArgumentException.class,
            e -> assertThat(assertStatus(e, 400).getDetail()).contains("trainingPipelines"));
  }

  private static ProblemDetail assertStatus(Throwable error, int status) {
    assertThat(OperationProblems.handles(error)).as(error.toString()).isTrue();
    ProblemDetail problem = OperationProblems.of(error);
    assertThat(problem.getStatus()).as(error.getClass().getSimpleName()).isEqualTo(status);
    assertThat(problem.getDetail()).isEqualTo(error.getMessage());
    return problem;
  }
}
