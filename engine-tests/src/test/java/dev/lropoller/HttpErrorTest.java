package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.LroException;
import dev.lropoller.error.OperationNotFoundException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.RpcCode;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.CachingAccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class HttpErrorTest {
  private final Fixture f = new Fixture();
  private final AtomicInteger refreshes = new AtomicInteger();
  private final CachingAccessTokenSource tokens = CachingAccessTokenSource.of(
      Mono.fromSupplier(() -> AccessToken.of("token-" + refreshes.incrementAndGet(),
          Instant.ofEpochSecond(3600))),
      f.vts, CachingAccessTokenSource.DEFAULT_STALE_MARGIN,
      CachingAccessTokenSource.DEFAULT_EXPIRED_MARGIN);

  @Test
  void a401RefreshesTheTokenOnceAndRetriesAtOnce() {
    f.fake.script(Fixture.NAME).running(1).unauthorized().doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact(), tokens);

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofSeconds(5))
        .expectNextCount(1)
        .verifyComplete();

    assertThat(refreshes).hasValue(2);
    assertThat(f.fake.calls()).extracting(RecordedCall::token)
        .containsExactly("token-1", "token-1", "token-2");
    // The retry after the 401 is immediate, not a backoff step.
    assertThat(f.getTimes()).containsExactly(Duration.ZERO, Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  @Test
  void aRevokedTokenIsReplacedOnceAndTheWatchGoesOn() {
    f.fake.script(Fixture.NAME).running(1).running(2).doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact(), tokens);

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .then(() -> f.fake.rejectToken("token-1"))
        .thenAwait(Duration.ofMinutes(1))
        .expectNextCount(2)
        .verifyComplete();
    assertThat(refreshes).hasValue(2);
  }

  @Test
  void a401TwiceInARowIsUnauthenticated() {
    f.fake.script(Fixture.NAME).unauthorized().unauthorized().doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact(), tokens);

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(ApiCallException.class)
              .isNotInstanceOf(OperationNotFoundException.class);
          ApiCallException a = (ApiCallException) e;
          assertThat(a.httpStatus()).isEqualTo(401);
          assertThat(a.rpcCode()).isEqualTo(RpcCode.UNAUTHENTICATED);
          assertThat(a.getMessage()).doesNotContain("token-1").doesNotContain("token-2");
        })
        .verify();
    assertThat(refreshes).hasValue(2);
    assertThat(f.getTimes()).hasSize(2);
  }

  @Test
  void a404IsOperationNotFound() {
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(OperationNotFoundException.class)
              .hasMessageContaining(Fixture.NAME);
          assertThat(((OperationNotFoundException) e).rpcCode()).isEqualTo(RpcCode.NOT_FOUND);
          assertThat(((LroException) e).operationName()).isEqualTo(Fixture.NAME);
        })
        .verify();
    assertThat(f.getTimes()).hasSize(1);
  }

  @Test
  void a403WithAnAip193BodyKeepsStatusMessageAndReason() {
    f.fake.script(Fixture.NAME).httpError(403,
        "{\"error\":{\"code\":403,\"message\":\"Permission 'automl.operations.get' denied\","
            + "\"status\":\"PERMISSION_DENIED\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"IAM_PERMISSION_DENIED\","
            + "\"domain\":\"automl.googleapis.com\",\"metadata\":{}}]}}", null);
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectErrorSatisfies(e -> {
          ApiCallException a = (ApiCallException) e;
          assertThat(a.httpStatus()).isEqualTo(403);
          assertThat(a.rpcCode()).isEqualTo(RpcCode.PERMISSION_DENIED);
          assertThat(a.reason()).hasValue("IAM_PERMISSION_DENIED");
          assertThat(a.status().message()).isEqualTo("Permission 'automl.operations.get' denied");
          assertThat(a.getMessage()).contains("403", "PERMISSION_DENIED",
              "Permission 'automl.operations.get' denied", "IAM_PERMISSION_DENIED");
        })
        .verify();
  }

  @Test
  void anAnswerAboutAnotherOperationIsUnexpected() {
    f.fake.script(Fixture.NAME).body(
        "{\"name\":\"projects/p/locations/us-central1/operations/OTHER\",\"done\":true}");
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnexpectedResponseException.class)
            .hasMessageContaining(Fixture.NAME).hasMessageContaining("operations/OTHER"))
        .verify();
  }

  @Test
  void theProjectNumberInPlaceOfTheProjectIdIsTheSameOperation() {
    f.fake.script(Fixture.NAME).body(
        "{\"name\":\"projects/123456789/locations/us-central1/operations/ICN3074819451447\","
            + "\"done\":true}");
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.poll(Fixture.NAME))
        .assertNext(op -> assertThat(op.done()).isTrue())
        .verifyComplete();
  }
}
