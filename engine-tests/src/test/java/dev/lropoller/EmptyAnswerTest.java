package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** Issue 7, item 2: a port that completes without a value is a transient failure, not a hang. */
class EmptyAnswerTest {
  private static final String PARENT = "projects/p/locations/us-central1";
  private final Fixture f = new Fixture();

  /** A custom transport that answers every call with an empty Mono. */
  private static final class EmptyTransport implements OperationsTransport {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Mono<byte[]> getOperation(String name, AccessToken token) {
      return Mono.<byte[]>empty().doOnSubscribe(s -> calls.incrementAndGet());
    }

    @Override
    public Mono<byte[]> listOperations(
        String parent, String filter, String pageToken, AccessToken token) {
      return Mono.<byte[]>empty().doOnSubscribe(s -> calls.incrementAndGet());
    }

    @Override
    public Mono<Void> cancelOperation(String name, AccessToken token) {
      return Mono.<Void>empty().doOnSubscribe(s -> calls.incrementAndGet());
    }

    @Override
    public Mono<Void> deleteOperation(String name, AccessToken token) {
      return Mono.<Void>empty().doOnSubscribe(s -> calls.incrementAndGet());
    }
  }

  /** A token source whose token() completes empty. */
  private static final class EmptyTokens implements AccessTokenSource {
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public Mono<AccessToken> token() {
      return Mono.<AccessToken>empty().doOnSubscribe(s -> asked.incrementAndGet());
    }

    @Override
    public void invalidate(AccessToken rejected) {}
  }

  private static PollPolicy twoFailures() {
    return Fixture.exact().withMaxConsecutiveFailures(2);
  }

  static Stream<Arguments> transportCalls() {
    return Stream.of(
        Arguments.of("poll", (Function<OperationPoller, Publisher<?>>) p -> p.poll(Fixture.NAME)),
        Arguments.of("get", (Function<OperationPoller, Publisher<?>>) p -> p.get(Fixture.NAME)),
        Arguments.of("list", (Function<OperationPoller, Publisher<?>>) p -> p.list(PARENT, "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transportCalls")
  void anEmptyTransportAnswerIsRetriedThenEndsTheCall(
      String label, Function<OperationPoller, Publisher<?>> call) {
    EmptyTransport transport = new EmptyTransport();
    OperationPoller poller = OperationPoller.builder(transport).policy(twoFailures())
        .scheduler(f.vts).build();

    f.verify(() -> call.apply(poller))
        .expectSubscription()
        .thenAwait(Duration.ofMinutes(1))
        .expectErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(RetriesExhaustedException.class)
            .hasMessageContaining("completed without a value"))
        .verify(Duration.ofSeconds(10));
    assertThat(transport.calls.get()).isEqualTo(2);
  }

  @Test
  void cancelAndDeleteCompleteOnAnEmptyAnswerWhichIsTheirSuccess() {
    EmptyTransport transport = new EmptyTransport();
    OperationPoller poller = OperationPoller.builder(transport).scheduler(f.vts).build();

    f.verify(() -> poller.cancel(Fixture.NAME)).verifyComplete();
    f.verify(() -> poller.delete(Fixture.NAME)).verifyComplete();
    assertThat(transport.calls.get()).isEqualTo(2);
  }

  static Stream<Arguments> allCalls() {
    return Stream.of(
        Arguments.of("poll", (Function<OperationPoller, Publisher<?>>) p -> p.poll(Fixture.NAME)),
        Arguments.of("get", (Function<OperationPoller, Publisher<?>>) p -> p.get(Fixture.NAME)),
        Arguments.of("cancel",
            (Function<OperationPoller, Publisher<?>>) p -> p.cancel(Fixture.NAME)),
        Arguments.of("delete",
            (Function<OperationPoller, Publisher<?>>) p -> p.delete(Fixture.NAME)),
        Arguments.of("list", (Function<OperationPoller, Publisher<?>>) p -> p.list(PARENT, "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCalls")
  void anEmptyTokenIsRetriedThenEndsTheCallWithoutSendingAnything(
      String label, Function<OperationPoller, Publisher<?>> call) {
    f.fake.script(Fixture.NAME).doneEmpty();
    f.fake.listPages(PARENT, List.of(List.of()));
    EmptyTokens tokens = new EmptyTokens();
    OperationPoller poller = f.poller(twoFailures(), tokens);

    f.verify(() -> call.apply(poller))
        .expectSubscription()
        .thenAwait(Duration.ofMinutes(1))
        .expectErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(RetriesExhaustedException.class)
            .hasMessageContaining("the token source completed without a value"))
        .verify(Duration.ofSeconds(10));
    assertThat(tokens.asked.get()).isEqualTo(2);
    assertThat(f.fake.calls()).isEmpty();
  }

  @Test
  void anEmptyPollBetweenSnapshotsIsRetriedAndTheResultStillArrives() {
    f.fake.script(Fixture.NAME).running(10).empty().doneWithModel("m");
    OperationPoller poller = f.poller(Fixture.exact());

    f.verify(() -> poller.poll(Fixture.NAME))
        .expectNextCount(1)
        .thenAwait(Duration.ofMinutes(1))
        .assertNext(op -> assertThat(op.done()).isTrue())
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertThat(f.fake.count(Kind.GET)).isEqualTo(3);
  }
}
