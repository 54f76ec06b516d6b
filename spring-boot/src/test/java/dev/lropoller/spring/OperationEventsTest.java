package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.model.Job;
import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcCode;
import dev.lropoller.model.RpcStatus;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class OperationEventsTest {
  private static final String NAME = "projects/p/locations/us-central1/operations/ICN1";

  private static Operation running(int percent) {
    return Operation.parse("{\"name\":\"" + NAME + "\",\"metadata\":{\"@type\":"
        + "\"type.googleapis.com/google.cloud.automl.v1.OperationMetadata\",\"progressPercent\":"
        + percent + "}}");
  }

  private static Operation doneWithError(int code, String message) {
    return Operation.parse("{\"name\":\"" + NAME + "\",\"done\":true,\"error\":{\"code\":" + code
        + ",\"message\":\"" + message + "\"}}");
  }

  @Test
  void progressThenDone() {
    Operation done = Operation.parse("{\"name\":\"" + NAME + "\",\"done\":true,\"response\":{"
        + "\"@type\":\"type.googleapis.com/google.cloud.automl.v1.Model\",\"name\":\"m\"}}");
    StepVerifier.create(OperationEvents.of(Flux.just(running(30), running(60), done)))
        .assertNext(e -> {
          assertThat(e.event()).isEqualTo("progress");
          assertThat(e.data()).isEqualTo(new OperationProgress(NAME, 30));
        })
        .assertNext(e -> assertThat(e.data()).isEqualTo(new OperationProgress(NAME, 60)))
        .assertNext(e -> {
          assertThat(e.event()).isEqualTo("done");
          assertThat(e.data()).isSameAs(done);
        })
        .verifyComplete();
  }

  @Test
  void aFailedOperationIsAFailedEventNotDone() {
    StepVerifier.create(OperationEvents.of(Flux.just(running(50), doneWithError(9, "bad CSV"))))
        .assertNext(e -> assertThat(e.event()).isEqualTo("progress"))
        .assertNext(e -> {
          assertThat(e.event()).isEqualTo("failed");
          assertThat(((RpcStatus) e.data()).message()).isEqualTo("bad CSV");
        })
        .verifyComplete();
  }

  @Test
  void aCancelledOperationIsACancelledEvent() {
    StepVerifier.create(OperationEvents.of(Flux.just(doneWithError(1, "cancelled"))))
        .assertNext(e -> assertThat(e.event()).isEqualTo("cancelled"))
        .verifyComplete();
  }

  @Test
  void aWatchErrorIsAnErrorEventWithItsProblemThenTheStreamCompletes() {
    try (AutoMlEmulator emulator = AutoMlEmulator.start()) {
      String name = emulator.startOperation(
          OperationScript.builder(AutoMlRpc.CREATE_MODEL).neverDone().build());
      OperationPoller poller = GoogleOperationPoller.builder().endpoint(emulator.baseUri())
          .noCredentials().policy(PollPolicy.fixed(Duration.ofMillis(5)).withMaxAttempts(2))
          .build();
      try {
        StepVerifier.create(OperationEvents.watch(poller, name))
            .assertNext(e -> assertThat(e.event()).isEqualTo("progress"))
            .assertNext(e -> assertThat(e.event()).isEqualTo("progress"))
            .assertNext(e -> {
              assertThat(e.event()).isEqualTo("error");
              assertThat(((ProblemDetail) e.data()).getStatus()).isEqualTo(504);
            })
            .expectComplete()
            .verify(Duration.ofSeconds(10));
      } finally {
        poller.close();
      }
    }
  }

  @Test
  void anUnknownErrorIsA500WithoutItsMessage() {
    StepVerifier.create(OperationEvents.of(Flux.error(new IllegalStateException("secret internals"))))
        .assertNext(e -> {
          ProblemDetail problem = (ProblemDetail) e.data();
          assertThat(problem.getStatus()).isEqualTo(500);
          assertThat(problem.getDetail()).doesNotContain("secret");
        })
        .verifyComplete();
  }

  private static final String JOB = "projects/p/locations/us-central1/customJobs/7";

  private static Job job(String state, String extra) {
    return Job.parse(("{\"name\":\"" + JOB + "\",\"state\":\"" + state + "\"" + extra + "}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void jobEventsFollowTheStateRules() {
    Job done = job("JOB_STATE_SUCCEEDED", "");
    StepVerifier.create(OperationEvents.ofJobs(Flux.just(job("JOB_STATE_RUNNING", ""),
            job("JOB_STATE_PAUSED", ""), job("JOB_STATE_HIBERNATING", ""), done)))
        .assertNext(e -> {
          assertThat(e.event()).isEqualTo("progress");
          assertThat(e.data()).isEqualTo(new JobProgress(JOB, "RUNNING"));
        })
        .assertNext(e -> assertThat(e.data()).isEqualTo(new JobProgress(JOB, "PAUSED")))
        .assertNext(e -> assertThat(e.data()).isEqualTo(new JobProgress(JOB, "JOB_STATE_HIBERNATING")))
        .assertNext(e -> {
          assertThat(e.event()).isEqualTo("done");
          assertThat(e.data()).isSameAs(done);
        })
        .verifyComplete();
  }

  @Test
  void failedExpiredAndCancelledJobsAreFailedAndCancelledEvents() {
    StepVerifier.create(OperationEvents.ofJobs(Flux.just(
            job("JOB_STATE_FAILED", ",\"error\":{\"code\":3,\"message\":\"exit 1\"}"))))
        .assertNext(e -> {
          assertThat(e.event()).isEqualTo("failed");
          assertThat(((RpcStatus) e.data()).message()).isEqualTo("exit 1");
        })
        .verifyComplete();
    StepVerifier.create(OperationEvents.ofJobs(Flux.just(job("JOB_STATE_EXPIRED", ""))))
        .assertNext(e -> assertThat(e.event()).isEqualTo("failed"))
        .verifyComplete();
    StepVerifier.create(OperationEvents.ofJobs(Flux.just(job("JOB_STATE_CANCELLED", ""))))
        .assertNext(e -> {
          assertThat(e.event()).isEqualTo("cancelled");
          assertThat(((RpcStatus) e.data()).code()).isEqualTo(RpcCode.CANCELLED);
        })
        .verifyComplete();
  }
}
