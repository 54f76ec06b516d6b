package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.ApiCallException;
import dev.lropoller.CredentialsException;
import dev.lropoller.Operation;
import dev.lropoller.OperationCancelledException;
import dev.lropoller.OperationFailedException;
import dev.lropoller.OperationNotFoundException;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollTimeoutException;
import dev.lropoller.PollerClosedException;
import dev.lropoller.RetriesExhaustedException;
import dev.lropoller.RpcCode;
import dev.lropoller.RpcStatus;
import dev.lropoller.UnexpectedResponseException;
import dev.lropoller.reactor.GoogleOperationPoller;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

class OperationProblemsTest {
  private static final String NAME = "projects/p/locations/us-central1/operations/ICN1";
  private static final Operation DONE_FAILED = Operation.parse(
      "{\"name\":\"" + NAME + "\",\"done\":true,\"error\":{\"code\":9,\"message\":\"no quota\"}}");

  @Test
  void statusOfEachError() {
    assertStatus(new OperationNotFoundException(NAME, RpcStatus.of(RpcCode.NOT_FOUND, "gone")), 404);
    assertStatus(new OperationCancelledException(DONE_FAILED,
        RpcStatus.of(RpcCode.CANCELLED, "cancelled")), 409);
    assertStatus(new OperationFailedException(DONE_FAILED,
        RpcStatus.of(RpcCode.FAILED_PRECONDITION, "no quota")), 422);
    assertStatus(new PollTimeoutException(NAME, null, 3, Duration.ofHours(1), "timeout"), 504);
    assertStatus(new ApiCallException(NAME, 403, RpcStatus.of(RpcCode.PERMISSION_DENIED, "no")), 502);
    assertStatus(new UnexpectedResponseException(NAME, "other type"), 502);
    assertStatus(new RetriesExhaustedException(NAME, 8, new IOException("reset")), 503);
    assertStatus(new CredentialsException(NAME, "no credentials", null), 503);
    assertStatus(new PollerClosedException(NAME), 503);
  }

  @Test
  void bodyCarriesOperationAndRpcStatus() {
    ProblemDetail problem = OperationProblems.of(new OperationFailedException(DONE_FAILED,
        RpcStatus.of(RpcCode.FAILED_PRECONDITION, "no quota")));
    assertThat(problem.getStatus()).isEqualTo(OperationProblems.FAILED_STATUS);
    assertThat(problem.getTitle()).isEqualTo("Operation failed");
    assertThat(problem.getProperties())
        .containsEntry("operation", NAME)
        .containsEntry("rpcCode", "FAILED_PRECONDITION")
        .containsEntry("rpcCodeNumber", 9)
        .containsEntry("rpcMessage", "no quota");
  }

  @Test
  void malformedNamesAreToldApartFromOtherIllegalArguments() {
    OperationPoller poller = GoogleOperationPoller.builder().noCredentials().build();
    try {
      assertThatThrownBy(() -> poller.get("projects/p/operations/a b"))
          .isInstanceOfSatisfying(IllegalArgumentException.class, e -> {
            assertThat(OperationProblems.isMalformedName(e)).isTrue();
            assertThat(OperationProblems.of(e).getStatus()).isEqualTo(400);
            assertThat(OperationProblems.of(e).getDetail()).contains("a b");
          });
    } finally {
      poller.close();
    }
    IllegalArgumentException other = new IllegalArgumentException("bad page size");
    assertThat(OperationProblems.handles(other)).isFalse();
    assertThatThrownBy(() -> OperationProblems.of(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IllegalArgumentException");
  }

  private static void assertStatus(RuntimeException error, int status) {
    assertThat(OperationProblems.handles(error)).isTrue();
    ProblemDetail problem = OperationProblems.of(error);
    assertThat(problem.getStatus()).as(error.getClass().getSimpleName()).isEqualTo(status);
    assertThat(problem.getDetail()).isEqualTo(error.getMessage());
  }
}
