package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.OperationCancelledException;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.error.OperationNotFoundException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.BatchPredictResult;
import dev.lropoller.model.DatasetRef;
import dev.lropoller.model.ModelRef;
import dev.lropoller.model.Operation;
import dev.lropoller.model.ResponseType;
import dev.lropoller.model.RpcCode;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.Fault;
import dev.lropoller.testing.emulator.OperationScript;
import dev.lropoller.testing.emulator.StatusDetails;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The whole stack, both sides real: GoogleOperationPoller against the embedded emulator. */
class PollerAgainstEmulatorTest {
  private static final Duration SAFETY = Duration.ofSeconds(20);
  private static final String PARENT = "projects/p/locations/us-central1";

  private AutoMlEmulator emulator = AutoMlEmulator.start();
  private final OperationPoller poller = poller(emulator);

  private static OperationPoller poller(AutoMlEmulator emulator) {
    return GoogleOperationPoller.builder()
        .endpoint(emulator.baseUri())
        .noCredentials()
        .policy(PollPolicy.fixed(Duration.ofMillis(10)))
        .build();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private String start(AutoMlRpc kind, int polls) {
    return emulator.startOperation(
        OperationScript.builder(kind).parent(PARENT).displayName("flowers_v1")
            .doneAfterPolls(polls).build());
  }

  @ParameterizedTest
  @EnumSource(AutoMlRpc.class)
  void everyAutoMlKindGivesItsTypedResult(AutoMlRpc kind) {
    String name = start(kind, 2);

    Mono<?> result = switch (kind) {
      case CREATE_MODEL -> poller.model(name).map(ModelRef::displayName);
      case CREATE_DATASET -> poller.result(name, ResponseType.DATASET).map(DatasetRef::displayName);
      case BATCH_PREDICT -> poller.result(name, ResponseType.BATCH_PREDICT_RESULT)
          .map(BatchPredictResult::metadata);
      default -> poller.completion(name).thenReturn("completed");
    };

    Object value = result.block(SAFETY);
    switch (kind) {
      case CREATE_MODEL, CREATE_DATASET -> assertThat(value).isEqualTo("flowers_v1");
      case BATCH_PREDICT -> assertThat(value).isInstanceOf(java.util.Map.class);
      default -> assertThat(value).isEqualTo("completed");
    }
    assertThat(emulator.pollCount(name)).isEqualTo(2);
  }

  @Test
  void aFailureCarriesCodeMessageAndDetails() {
    String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA)
        .parent(PARENT).doneAfterPolls(1)
        .failure(3, "Invalid CSV at line 7", StatusDetails.badRequest("input_config", "line 7"))
        .build());

    StepVerifier.create(poller.completion(name))
        .expectErrorSatisfies(e -> {
          assertThat(e).isExactlyInstanceOf(OperationFailedException.class);
          OperationFailedException failed = (OperationFailedException) e;
          assertThat(failed.status().code()).isEqualTo(RpcCode.INVALID_ARGUMENT);
          assertThat(failed.status().message()).isEqualTo("Invalid CSV at line 7");
          assertThat(failed.status().details()).singleElement()
              .satisfies(d -> assertThat(d.toString()).contains("input_config", "BadRequest"));
        })
        .verify(SAFETY);
  }

  @Test
  void cancelGoesThroughTheCancelRouteAndEndsTheWatchAsCancelled() {
    String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .parent(PARENT).neverDone().build());

    StepVerifier.create(poller.model(name))
        .then(() -> poller.cancel(name).block(SAFETY))
        .expectError(OperationCancelledException.class)
        .verify(SAFETY);
    assertThat(emulator.requests())
        .anySatisfy(r -> assertThat(r.method() + " " + r.path()).isEqualTo("POST /v1/" + name + ":cancel"));
  }

  @Test
  void listPagesThroughAThreePageResultInOrder() {
    List<String> started = IntStream.range(0, 250)
        .mapToObj(i -> start(AutoMlRpc.DEPLOY_MODEL, 5)).toList();

    List<String> listed = poller.list(PARENT, "").map(Operation::name).collectList().block(SAFETY);

    assertThat(listed).containsExactlyElementsOf(started);
    assertThat(emulator.requests()).filteredOn(r -> r.path().endsWith("/operations")).hasSize(3);
  }

  @Test
  void deleteRemovesTheOperation() {
    String name = start(AutoMlRpc.IMPORT_DATA, 3);

    poller.delete(name).block(SAFETY);

    StepVerifier.create(poller.get(name)).expectError(OperationNotFoundException.class).verify(SAFETY);
  }

  static Stream<Arguments> transientFaults() {
    return Stream.of(
        Arguments.of(Fault.status(500)), Arguments.of(Fault.status(502)),
        Arguments.of(Fault.status(503)), Arguments.of(Fault.status(504)),
        Arguments.of(Fault.tooManyRequests(Duration.ofMillis(10))),
        Arguments.of(Fault.latency(Duration.ofMillis(50))), Arguments.of(Fault.connectionReset()),
        Arguments.of(Fault.truncatedBody()), Arguments.of(Fault.htmlBody()));
  }

  @ParameterizedTest
  @MethodSource("transientFaults")
  void transientFaultsAreSurvivedAndTheResultArrivesExactlyOnce(Fault fault) {
    String name = start(AutoMlRpc.CREATE_MODEL, 3);
    emulator.faults().next(2, fault);

    List<Operation> snapshots = poller.poll(name).collectList().block(SAFETY);

    assertThat(snapshots).filteredOn(Operation::done).hasSize(1);
    assertThat(snapshots.get(snapshots.size() - 1).done()).isTrue();
    assertThat(emulator.faultsInjected()).isEqualTo(2);
  }

  @Test
  void aSlowAnswerIsCutAtTheRequestTimeoutAndRetried() {
    String name = start(AutoMlRpc.CREATE_MODEL, 2);
    emulator.faults().next(1, Fault.latency(Duration.ofSeconds(30)));
    OperationPoller impatient = GoogleOperationPoller.builder()
        .endpoint(emulator.baseUri())
        .noCredentials()
        .policy(PollPolicy.fixed(Duration.ofMillis(10)).withRequestTimeout(Duration.ofMillis(300)))
        .build();

    StepVerifier.create(impatient.model(name))
        .assertNext(model -> assertThat(model.displayName()).isEqualTo("flowers_v1"))
        .expectComplete()
        .verify(Duration.ofSeconds(10)); // the held answer would take 30 s: it was cut and retried
    assertThat(emulator.pollCount(name)).isEqualTo(2);
  }

  @Test
  void anUnknownOperationIsNotFound() {
    StepVerifier.create(poller.model(PARENT + "/operations/NOPE"))
        .expectError(OperationNotFoundException.class)
        .verify(SAFETY);
  }

  @Test
  void forbiddenAndBadRequestAreTypedAndNotRetried() {
    String name = start(AutoMlRpc.CREATE_MODEL, 3);
    emulator.faults().next(1, Fault.status(403));
    StepVerifier.create(poller.model(name))
        .expectErrorSatisfies(e -> assertThat(((ApiCallException) e).httpStatus()).isEqualTo(403))
        .verify(SAFETY);

    emulator.faults().next(1, Fault.status(400));
    StepVerifier.create(poller.model(name))
        .expectErrorSatisfies(e -> assertThat(((ApiCallException) e).rpcCode())
            .isIn(RpcCode.INVALID_ARGUMENT, RpcCode.FAILED_PRECONDITION, RpcCode.OUT_OF_RANGE))
        .verify(SAFETY);
    assertThat(emulator.pollCount(name)).isZero();
  }

  @Test
  void unauthorizedTwiceIsUnauthenticated() {
    emulator.close();
    emulator = AutoMlEmulator.builder().requireToken(true).start();
    String name = start(AutoMlRpc.CREATE_MODEL, 3);

    StepVerifier.create(poller(emulator).model(name))
        .expectErrorSatisfies(e -> {
          assertThat(((ApiCallException) e).httpStatus()).isEqualTo(401);
          assertThat(((ApiCallException) e).rpcCode()).isEqualTo(RpcCode.UNAUTHENTICATED);
        })
        .verify(SAFETY);
    assertThat(emulator.requestCount()).isEqualTo(2);
  }

  @Test
  void anOversizedBodyFailsNamingTheLimit() {
    String name = start(AutoMlRpc.CREATE_MODEL, 3);
    emulator.faults().next(1, Fault.oversizedBody());

    StepVerifier.create(poller.model(name))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnexpectedResponseException.class)
            .hasMessageContaining("4194304-byte limit"))
        .verify(SAFETY);
  }

  @Test
  void aThousandOperationsOnOnePollerAllEndWithTheRightResults() {
    List<String> names = IntStream.range(0, 1000)
        .mapToObj(i -> emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
            .parent(PARENT).displayName("model-" + i).doneAfterPolls(3).build()))
        .toList();

    List<String> displayNames = Flux.fromIterable(names)
        .flatMapSequential(name -> poller.model(name).map(ModelRef::displayName), 1000)
        .collectList()
        .block(Duration.ofSeconds(60));

    assertThat(displayNames).containsExactlyElementsOf(
        IntStream.range(0, 1000).mapToObj(i -> "model-" + i).toList());
    assertThat(emulator.requestCount()).isEqualTo(3000);
  }
}
