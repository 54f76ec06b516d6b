package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.Operation;
import dev.lropoller.PollTimeoutException;
import dev.lropoller.PollerClosedException;
import dev.lropoller.RpcStatus;
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
    Flux<Operation> timedOut = Flux.concat(Flux.just(running(10)), Flux.error(
        new PollTimeoutException(NAME, null, 4, Duration.ofMinutes(5), "timeout")));
    StepVerifier.create(OperationEvents.of(timedOut))
        .assertNext(e -> assertThat(e.event()).isEqualTo("progress"))
        .assertNext(e -> {
          assertThat(e.event()).isEqualTo("error");
          assertThat(((ProblemDetail) e.data()).getStatus()).isEqualTo(504);
        })
        .verifyComplete();
    StepVerifier.create(OperationEvents.of(Flux.error(new PollerClosedException(NAME))))
        .assertNext(e -> assertThat(((ProblemDetail) e.data()).getStatus()).isEqualTo(503))
        .verifyComplete();
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
}
