package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.CredentialsException;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.RpcCode;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.spi.TransportException;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.OperationJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** The engine's less travelled paths: odd token sources and transports, deadlines, cancels. */
class EngineEdgeTest {
  private static final String PARENT = "projects/p/locations/us-central1";
  private final Fixture f = new Fixture();

  /** A token source answering from a supplier, so each test picks the Mono it needs. */
  private static AccessTokenSource tokens(Supplier<Mono<AccessToken>> token) {
    return new AccessTokenSource() {
      @Override
      public Mono<AccessToken> token() {
        return token.get();
      }

      @Override
      public void invalidate(AccessToken rejected) {}
    };
  }

  private static AccessToken token(String value) {
    return AccessToken.of(value, Instant.MAX);
  }

  @Test
  void aTokenSourceThatThrowsEndsTheCallWithWhatItThrew() {
    f.fake.script(Fixture.NAME).doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact(), tokens(() -> {
      throw new IllegalStateException("no token today");
    }));

    f.verify(() -> poller.get(Fixture.NAME))
        .expectErrorMessage("no token today")
        .verify();
    assertThat(f.fake.calls()).isEmpty();
    assertThat(f.timers.pending()).isZero();
  }

  @Test
  void aFailedTokenIsRetriedLikeAFailedRequestWhetherReadyMadeOrNot() {
    f.fake.script(Fixture.NAME).running(4);
    AtomicInteger asked = new AtomicInteger();
    TransportException down = TransportException.transientFailure("token endpoint down", null);
    OperationPoller poller = f.poller(Fixture.exact(), tokens(() -> switch (asked.incrementAndGet()) {
      case 1 -> Mono.error(down);
      case 2 -> Mono.defer(() -> Mono.error(down));
      case 3 -> Mono.empty();
      default -> Mono.just(token("t"));
    }));

    // Failures at 0 s, 5 s and 12.5 s; the fourth attempt, 11.25 s later, has a token.
    f.verify(() -> poller.get(Fixture.NAME))
        .thenAwait(Duration.ofSeconds(24))
        .assertNext(op -> assertThat(op.progressPercent()).hasValue(4))
        .verifyComplete();
    assertThat(asked.get()).isEqualTo(4);
    assertThat(f.getTimes()).containsExactly(Duration.ofMillis(23_750));
  }

  @Test
  void aCredentialsFailureIsACredentialsExceptionAndNotRetried() {
    f.fake.script(Fixture.NAME).doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact(), tokens(() -> Mono.error(
        TransportException.credentialsFailure("no Google credentials found", null))));

    f.verify(() -> poller.get(Fixture.NAME))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(CredentialsException.class)
            .hasMessageContaining("no Google credentials found"))
        .verify();
  }

  @Test
  void aPermanentTransportFailureIsAnUnexpectedResponse() {
    OperationsTransport transport = new DelegatingTransport(f.fake) {
      @Override
      public Mono<byte[]> getOperation(String name, AccessToken token) {
        return Mono.error(TransportException.permanentFailure("body over 10 MiB", null));
      }
    };
    OperationPoller poller = OperationPoller.builder(transport).scheduler(f.timers).build();

    f.verify(() -> poller.get(Fixture.NAME))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnexpectedResponseException.class)
            .hasMessageContaining("body over 10 MiB"))
        .verify();
  }

  @Test
  void aTransportThatThrowsInsteadOfReturningAMonoEndsTheCall() {
    OperationsTransport transport = new DelegatingTransport(f.fake) {
      @Override
      public Mono<byte[]> getOperation(String name, AccessToken token) {
        throw new IllegalArgumentException("cannot build the request");
      }
    };
    OperationPoller poller = OperationPoller.builder(transport).scheduler(f.timers).build();

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectErrorMessage("cannot build the request")
        .verify();
    assertThat(f.timers.pending()).isZero();
  }

  @Test
  void theSubscribersContextReachesTheTokenSourceAndTheTransport() {
    f.fake.script(Fixture.NAME).running(1);
    OperationPoller poller = f.poller(Fixture.exact(), tokens(() -> Mono.deferContextual(
        ctx -> Mono.just(token("token-of-" + ctx.get("tenant"))))));

    f.verify(() -> poller.get(Fixture.NAME).contextWrite(Context.of("tenant", "acme")))
        .expectNextCount(1)
        .verifyComplete();
    assertThat(f.fake.calls()).singleElement()
        .satisfies(c -> assertThat(c.token()).isEqualTo("token-of-acme"));
  }

  @Test
  void aSecond401WhoseBodySaysSomethingElseStillEndsUnauthenticated() {
    f.fake.script(Fixture.NAME).httpError(401, "{\"error\":{\"code\":401,\"status\":"
        + "\"PERMISSION_DENIED\",\"message\":\"denied\"}}", null);
    OperationPoller poller = f.poller(Fixture.exact(), tokens(() -> Mono.just(token("t"))));

    f.verify(() -> poller.get(Fixture.NAME))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(ApiCallException.class)
              .hasMessageContaining("the server rejected a freshly refreshed token: denied");
          assertThat(((ApiCallException) e).status().code()).isEqualTo(RpcCode.UNAUTHENTICATED);
        })
        .verify();
    assertThat(f.fake.count(Kind.GET)).isEqualTo(2);
  }

  @Test
  void attemptsRunOutOnTransientFailuresToo() {
    f.fake.script(Fixture.NAME).httpError(503);
    OperationPoller poller = f.poller(Fixture.exact().withMaxAttempts(2));

    f.verify(() -> poller.get(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PollTimeoutException.class)
            .hasMessageContaining("all 2 attempts used"))
        .verify();
    assertThat(f.getTimes()).containsExactly(Duration.ZERO, Duration.ofSeconds(5));
  }

  @Test
  void aPollDueExactlyAtTheDeadlineIsNotSent() {
    f.fake.script(Fixture.NAME).running(1);
    OperationPoller poller = f.poller(PollPolicy.fixed(Duration.ofSeconds(10))
        .withTimeout(Duration.ofSeconds(20)));

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofSeconds(20))
        .expectNextCount(1)
        .expectError(PollTimeoutException.class)
        .verify();
    assertThat(f.getTimes()).containsExactly(Duration.ZERO, Duration.ofSeconds(10));
    assertThat(f.timers.pending()).isZero();
  }

  @Test
  void demandThatComesAfterTheTimeoutEndsTheWatchAtOnce() {
    f.fake.script(Fixture.NAME).running(1);
    OperationPoller poller = f.poller(Fixture.exact().withTimeout(Duration.ofSeconds(30)));

    f.verify(() -> poller.poll(Fixture.NAME), 0)
        .thenAwait(Duration.ofMinutes(1))
        .thenRequest(1)
        .expectError(PollTimeoutException.class)
        .verify();
    assertThat(f.fake.calls()).isEmpty();
  }

  @Test
  void anEnormousTimeoutIsNoTimeoutAtAll() {
    f.fake.script(Fixture.NAME).running(1).doneEmpty();
    OperationPoller poller = f.poller(Fixture.exact().withTimeout(Duration.ofDays(365L * 1_000)));

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofSeconds(5))
        .expectNextCount(2)
        .verifyComplete();
  }

  @Test
  void aSuccessfulCallLeavesNoTimerAndNoRegistration() {
    f.fake.script(Fixture.NAME).running(1);
    f.fake.listPages(PARENT, List.of(List.of(OperationJson.running(PARENT + "/operations/A", 1))));
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.get(Fixture.NAME)).expectNextCount(1).verifyComplete();
    f.verify(() -> poller.cancel(Fixture.NAME)).verifyComplete();
    f.verify(() -> poller.list(PARENT, "")).expectNextCount(1).verifyComplete();

    assertThat(f.timers.pending()).isZero();
    assertThat(poller.engine().activeCount()).isZero();
  }

  @Test
  void cancellingACallInFlightOrWaitingCancelsItsRequestAndTimer() {
    f.fake.script(Fixture.NAME).hang();
    String failing = PARENT + "/operations/FAILING";
    f.fake.script(failing).httpError(503);
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.get(Fixture.NAME)).expectSubscription()
        .then(() -> assertThat(poller.engine().activeCount()).isOne())
        .thenCancel().verify();
    f.verify(() -> poller.get(failing)).expectSubscription()
        .thenAwait(Duration.ofSeconds(1))
        .thenCancel().verify();
    f.vts.advanceTimeBy(Duration.ofHours(1));

    assertThat(f.fake.cancelledInFlight()).isOne();
    assertThat(f.fake.count(Kind.GET)).isEqualTo(2);
    assertThat(f.timers.pending()).isZero();
    assertThat(poller.engine().activeCount()).isZero();
  }

  @Test
  void aCallSubscribedBeforeCloseAndRequestedAfterFailsWithoutSending() {
    f.fake.script(Fixture.NAME).running(1);
    OperationPoller poller = f.poller(Fixture.exact());

    StepVerifier.create(poller.get(Fixture.NAME), 0)
        .expectSubscription()
        .then(poller::close)
        .thenRequest(1)
        .expectError(PollerClosedException.class)
        .verify(Duration.ofSeconds(5));
    assertThat(f.fake.calls()).isEmpty();
  }

  @Test
  void aSchedulerThatRefusesWorkEndsTheCallWithItsError() {
    Scheduler disposed = Schedulers.newSingle("disposed-for-test");
    disposed.dispose();
    f.fake.script(Fixture.NAME).running(1);
    OperationPoller now = OperationPoller.builder(f.fake).scheduler(disposed).build();
    OperationPoller later = OperationPoller.builder(f.fake).scheduler(disposed)
        .policy(Fixture.exact().withFirstPollDelay(Duration.ofSeconds(1))).build();

    StepVerifier.create(now.get(Fixture.NAME))
        .expectError(RejectedExecutionException.class)
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(later.poll(Fixture.NAME))
        .expectError(RejectedExecutionException.class)
        .verify(Duration.ofSeconds(5));
    assertThat(f.fake.calls()).isEmpty();
    assertThat(now.engine().activeCount()).isZero();
  }

  @Test
  void toStringShowsThePartsAndWhetherClosedButNoToken() {
    OperationPoller poller = f.poller(Fixture.exact(), tokens(() -> Mono.just(token("secret"))));

    assertThat(poller.toString()).contains("FakeOperationsTransport").contains("PollPolicy{")
        .doesNotContain("closed").doesNotContain("secret");
    poller.close();
    assertThat(poller.toString()).startsWith("OperationPoller{closed, ");
  }
}
