package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.PollerBuilder;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The Google builder is core's builder plus Google's options: the shared options behave and fail
 * as core's do, any token source can be passed, and the last token option called wins.
 */
class GoogleBuilderOptionsTest {
  private static final Duration SAFETY = Duration.ofSeconds(30);
  private static final String NAME = "projects/p/locations/us-central1/operations/ICN123";
  private static final String DONE = "{\"name\":\"" + NAME + "\",\"done\":true}";

  /** A token source of the caller's own, not Google Auth's. */
  private static final class FixedTokens implements AccessTokenSource {
    final AtomicInteger asked = new AtomicInteger();
    private final String value;

    FixedTokens(String value) {
      this.value = value;
    }

    @Override
    public Mono<AccessToken> token() {
      return Mono.fromSupplier(() -> {
        asked.incrementAndGet();
        return AccessToken.of(value, Instant.now().plusSeconds(3600));
      });
    }

    @Override
    public void invalidate(AccessToken rejected) {}
  }

  @Test
  void sharedOptionsFailWithCoreMessages() {
    List<Consumer<PollerBuilder<?>>> badOptions = List.of(
        b -> b.maxInFlight(0),
        b -> b.maxRequestsPerMinute(0),
        b -> b.maxRequestsPerMinute("a/b", 5),
        b -> b.maxRequestsPerMinute("", 5),
        b -> b.maxRequestsPerMinute("p", 0),
        b -> b.maxRequestsPerMinute(null, 5),
        b -> b.tokenSource(null),
        b -> b.listener(null),
        b -> b.closeOnClose(null));
    for (Consumer<PollerBuilder<?>> option : badOptions) {
      Throwable google = catchThrowable(() -> option.accept(GoogleOperationPoller.builder()));
      Throwable core = catchThrowable(
          () -> option.accept(OperationPoller.builder(new FakeOperationsTransport(reactor.core.scheduler.Schedulers.immediate()))));

      assertThat(google).isNotNull().hasSameClassAs(core).hasMessage(core.getMessage());
    }
    assertThat(catchThrowable(() -> GoogleOperationPoller.builder().maxRequestsPerMinute("a/b", 5)))
        .hasMessage("project must be one name segment, such as my-project or 1234: 'a/b'");
  }

  @Test
  void anyAccessTokenSourceSendsItsToken() {
    FixedTokens own = new FixedTokens("own-token-1");
    try (LoopbackServer api = LoopbackServer.json(DONE)) {
      OperationPoller poller = GoogleOperationPoller.builder()
          .endpoint(api.uri())
          .tokenSource(own)
          .policy(PollPolicy.fixed(Duration.ofMillis(1)))
          .build();

      assertThat(poller.completion(NAME).blockOptional(SAFETY)).isEmpty();

      assertThat(api.only().header("Authorization")).isEqualTo("Bearer own-token-1");
      assertThat(own.asked).hasValue(1);
      poller.close();
    }
  }

  @Test
  void theLastTokenOptionCalledWins() throws Exception {
    FixedTokens own = new FixedTokens("own-token-2");
    try (LoopbackServer api = LoopbackServer.json(DONE);
        TokenEndpoint google = new TokenEndpoint()) {
      // tokenSource after credentials: the own source, and Google's endpoint is never asked.
      OperationPoller ownLast = GoogleOperationPoller.builder().endpoint(api.uri())
          .credentials(google.credentials()).tokenSource(own).build();
      ownLast.completion(NAME).block(SAFETY);
      // credentials after tokenSource: Google's token.
      OperationPoller googleLast = GoogleOperationPoller.builder().endpoint(api.uri())
          .tokenSource(own).credentials(google.credentials()).build();
      googleLast.completion(NAME).block(SAFETY);
      // noCredentials after tokenSource: no header at all.
      OperationPoller noneLast = GoogleOperationPoller.builder().endpoint(api.uri())
          .tokenSource(own).noCredentials().build();
      noneLast.completion(NAME).block(SAFETY);

      assertThat(api.requests).extracting(r -> r.header("Authorization"))
          .containsExactly("Bearer own-token-2", "Bearer " + TokenEndpoint.token(1), null);
      assertThat(own.asked).hasValue(1);
      assertThat(google.requests).hasValue(1);
    }
  }

  @Test
  void aListenerSetAfterTheCredentialsHearsTheirRefresh() throws Exception {
    List<Throwable> refreshes = new CopyOnWriteArrayList<>();
    PollListener listener = new PollListener() {
      @Override
      public void tokenRefreshed(Duration latency, Throwable failure) {
        refreshes.add(failure == null ? new Throwable("ok") : failure);
      }
    };
    try (LoopbackServer api = LoopbackServer.json(DONE);
        TokenEndpoint google = new TokenEndpoint()) {
      OperationPoller poller = GoogleOperationPoller.builder().endpoint(api.uri())
          .credentials(google.credentials())
          .listener(listener)
          .build();

      poller.completion(NAME).block(SAFETY);

      assertThat(refreshes).extracting(Throwable::getMessage).containsExactly("ok");
    }
  }

  @Test
  void closeOnCloseIsReleasedWithThePollerAfterItsOwnPool() {
    AtomicInteger closed = new AtomicInteger();
    GoogleOperationPoller.Builder builder =
        GoogleOperationPoller.builder().noCredentials().closeOnClose(closed::incrementAndGet);
    OperationPoller first = builder.build();
    OperationPoller second = builder.build();

    first.close();
    assertThat(closed).hasValue(1);
    second.close();
    second.close();
    assertThat(closed).hasValue(2);
  }

  @Test
  void toStringShowsTheSharedOptionsAndNoToken() {
    String shown = GoogleOperationPoller.builder()
        .tokenSource(new FixedTokens("ya29.SECRET-never-shown"))
        .maxInFlight(7)
        .maxRequestsPerMinute("p", 60)
        .toString();

    assertThat(shown)
        .contains("tokenSource=FixedTokens", "maxInFlight=7", "perProject={p=60}",
            "endpoint=https://automl.googleapis.com")
        .doesNotContain("SECRET");
  }
}
