package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.BudgetKey;
import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Calls through an engine whose admission asks a {@link ScriptedBudget}, under virtual time: the
 * call's own timers and the poller's close still end a wait for the port, and what a request
 * leaves behind reaches the port. Each test names the guarantee it protects.
 */
class RequestBudgetCallTest {
  private static final String A = "projects/p/locations/l/operations/a";
  private static final PollPolicy EXACT = PollPolicy.defaults().withJitter(0.0);

  private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
  private final ScriptedBudget port = new ScriptedBudget();
  private final List<Sinks.One<String>> attempts = new ArrayList<>();
  private final List<Object> seen = new ArrayList<>();
  private final PollingEngine engine = new PollingEngine(new UnusedTransport(),
      AccessTokenSource.none(), EXACT, vts, PollListener.NONE, 1, 60, Map.of(),
      BudgetKey.PROJECT, port, 3, Duration.ofSeconds(5));

  private Mono<String> send(String name, AccessToken token) {
    Sinks.One<String> answer = Sinks.one();
    attempts.add(answer);
    return answer.asMono();
  }

  private void start(PollPolicy policy) {
    Call.Kind<String> kind = Call.Kind.standalone(engine, this::send, v -> PollOutcome.DONE);
    new Call<>(kind, new Budget(A, policy, vts), Duration.ZERO).subscribe(seen::add, seen::add);
    vts.advanceTime();
  }

  @Test
  void aGrantedRequestCostsOneAskAndOneAnswered() {
    start(EXACT);

    ScriptedBudget.Ask ask = port.next();
    assertThat(ask.pendingBound()).as("bounded by the request timeout")
        .isEqualTo(EXACT.requestTimeout());
    assertThat(attempts).as("nothing leaves before the grant").isEmpty();
    ask.grant("s1");
    assertThat(attempts).hasSize(1);
    attempts.get(0).tryEmitValue("ok");

    assertThat(seen).containsExactly("ok");
    assertThat(port.askCount()).isEqualTo(1);
    assertThat(port.answered).containsExactly("p s1");
  }

  @Test
  void theWatchTimeoutEndsAWaitForThePortAndTheLateGrantIsNotHeld() {
    start(EXACT.withTimeout(Duration.ofSeconds(30)));
    ScriptedBudget.Ask ask = port.next();

    vts.advanceTimeBy(Duration.ofSeconds(30));

    assertThat(seen).singleElement().isInstanceOf(PollTimeoutException.class);
    ask.grant("late");
    assertThat(attempts).as("nothing leaves after the timeout").isEmpty();
    assertThat(port.answered).as("the unused slot is answered at once").containsExactly("p late");
  }

  @Test
  void theWatchTimeoutEndsAWaitWhileThePortKeepsSayingWait() {
    start(EXACT.withTimeout(Duration.ofSeconds(30)));
    for (int i = 0; i < 3; i++) {
      port.next().waitFor(Duration.ofSeconds(10));
      vts.advanceTimeBy(Duration.ofSeconds(10));
    }

    assertThat(seen).singleElement().isInstanceOf(PollTimeoutException.class);
    assertThat(attempts).isEmpty();
  }

  @Test
  void closeEndsAWaitForThePortAndTheLateGrantIsNotHeld() {
    start(EXACT);
    ScriptedBudget.Ask ask = port.next();

    engine.close();

    assertThat(seen).singleElement().isInstanceOf(PollerClosedException.class);
    ask.grant("late");
    assertThat(attempts).isEmpty();
    assertThat(port.answered).containsExactly("p late");
  }

  @Test
  void aFailedAnsweredDoesNotFailTheCall() {
    port.answeredFails = true;
    start(EXACT);
    port.next().grant("s1");

    attempts.get(0).tryEmitValue("ok");

    assertThat(seen).containsExactly("ok");
    assertThat(port.answered).containsExactly("p s1");
  }

  @Test
  void a429CoolsTheKeyDownAtThePortAndLocally() {
    start(EXACT);
    port.next().grant("s1");

    attempts.get(0).tryEmitError(TransportException.http(
        429, "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20)));

    assertThat(port.coolDowns).singleElement().satisfies(
        c -> assertThat(c).startsWith("p PT"));
    assertThat(port.answered).containsExactly("p s1");
    Duration coolDown = Duration.parse(port.coolDowns.get(0).substring(2));
    assertThat(coolDown).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
    vts.advanceTimeBy(coolDown.minusMillis(1));
    assertThat(port.unanswered()).as("the retry waits the local cool-down").isZero();
    vts.advanceTimeBy(Duration.ofMillis(1));
    port.next().grant("s2");
    assertThat(attempts).hasSize(2);
  }
}
