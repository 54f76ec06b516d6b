package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.OperationNotFoundException;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.internal.engine.PollingEngine;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.Loggers;

/**
 * Issue 9: the engine logs through reactor.util.Loggers: DEBUG per poll and per retry, one WARN
 * when a watch gives up, nothing per poll above DEBUG, never a token. Reactor is switched to its
 * JDK loggers for the test (whatever SLF4J binding the class path has) and reset afterwards.
 */
class LoggingTest {
  private static final String SECRET = "ya29.secret-token-value";
  private final Fixture f = new Fixture();
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger jul = Logger.getLogger(PollingEngine.class.getName());
  /** Where {@link PollListener#composite}, which the engine wraps its listener in, logs. */
  private final Logger listenerJul = Logger.getLogger(PollListener.class.getName());
  private final SimpleFormatter formatter = new SimpleFormatter();
  private Level savedLevel;
  private boolean savedUseParent;
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private final AccessTokenSource secretTokens = new AccessTokenSource() {
    @Override
    public Mono<AccessToken> token() {
      return Mono.just(AccessToken.of(SECRET, Instant.MAX));
    }

    @Override
    public void invalidate(AccessToken rejected) {}
  };

  @BeforeEach
  void captureJdkLogs() {
    Loggers.useJdkLoggers();
    savedLevel = jul.getLevel();
    jul.setLevel(Level.ALL);
    savedUseParent = jul.getUseParentHandlers();
    jul.setUseParentHandlers(false);
    handler.setLevel(Level.ALL);
    jul.addHandler(handler);
    listenerJul.addHandler(handler);
  }

  @AfterEach
  void restore() {
    jul.removeHandler(handler);
    listenerJul.removeHandler(handler);
    jul.setLevel(savedLevel);
    jul.setUseParentHandlers(savedUseParent);
    Loggers.resetLoggerFactory();
  }

  private List<String> lines(Level atLeast) {
    return records.stream().filter(r -> r.getLevel().intValue() >= atLeast.intValue())
        .map(r -> r.getLevel() + " " + formatter.formatMessage(r)
            + (r.getThrown() == null ? "" : " " + r.getThrown()))
        .toList();
  }

  @Test
  void debugPerPollAndRetryAndOneWarnWhenTheWatchGivesUp() {
    f.fake.script(Fixture.NAME).running(1).running(2).httpError(503).running(3);
    OperationPoller poller = f.poller(Fixture.exact().withTimeout(Duration.ofSeconds(30)),
        secretTokens);

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .expectNextCount(3)
        .expectError(PollTimeoutException.class)
        .verify();

    // Polls at 0, 5, 12.5 (503), 23.75 s; the next one would be due after the 30 s timeout.
    assertThat(lines(Level.FINE)).filteredOn(l -> l.startsWith("FINE poll ")).containsExactly(
        "FINE poll " + Fixture.NAME + " attempt 1",
        "FINE poll " + Fixture.NAME + " attempt 2",
        "FINE poll " + Fixture.NAME + " attempt 3",
        "FINE poll " + Fixture.NAME + " attempt 4");
    assertThat(lines(Level.FINE)).filteredOn(l -> l.startsWith("FINE retry ")).containsExactly(
        "FINE retry " + Fixture.NAME + " in PT11.25S after TransportException: HTTP 503 "
            + "UNAVAILABLE: scripted 503");
    List<String> aboveDebug = lines(Level.INFO);
    assertThat(aboveDebug).hasSize(1);
    assertThat(aboveDebug.get(0)).isEqualTo("WARNING gave up watching " + Fixture.NAME
        + " after 4 poll(s) in PT30S: timeout of PT30S reached; the operation may still be "
        + "running");
    assertThat(records).noneSatisfy(r -> assertThat(formatter.format(r)).contains(SECRET));
  }

  @Test
  void theWarnNamesTheLastCauseWhenRetriesAreExhausted() {
    f.fake.script(Fixture.NAME).reset();
    OperationPoller poller = f.poller(Fixture.exact().withMaxConsecutiveFailures(3), secretTokens);

    f.verify(() -> poller.get(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .expectError(RetriesExhaustedException.class)
        .verify();

    assertThat(lines(Level.INFO)).singleElement().asString()
        .isEqualTo("WARNING 3 consecutive transient failures watching " + Fixture.NAME
            + "; last: connection reset by peer");
    assertThat(lines(Level.FINE)).filteredOn(l -> l.startsWith("FINE retry ")).hasSize(2);
    assertThat(records).noneSatisfy(r -> assertThat(formatter.format(r)).contains(SECRET));
  }

  @Test
  void aTimeoutRightAfterAFailureNamesThatFailure() {
    f.fake.script(Fixture.NAME).httpError(500);
    OperationPoller poller = f.poller(Fixture.exact().withTimeout(Duration.ofSeconds(3)),
        secretTokens);

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .expectError(PollTimeoutException.class)
        .verify();

    assertThat(lines(Level.INFO)).containsExactly("WARNING gave up watching " + Fixture.NAME
        + " after 1 poll(s) in PT3S: timeout of PT3S reached; the operation may still be running"
        + " (last failure: TransportException: HTTP 500 INTERNAL: scripted 500)");
  }

  @Test
  void aListenerThatThrowsIsLoggedOncePerFailureAndIgnored() {
    f.fake.script(Fixture.NAME).httpError(503).doneEmpty();
    PollListener throwing = new PollListener() {
      @Override
      public void watchStarted(String name) {
        throw new IllegalStateException("started");
      }

      @Override
      public void pollSent(String name, int attempt) {
        throw new IllegalStateException("sent");
      }

      @Override
      public void pollAnswered(String n, Duration latency, PollOutcome outcome, Throwable e) {
        throw new IllegalStateException("answered");
      }

      @Override
      public void retryScheduled(String name, Throwable cause, Duration delay) {
        throw new IllegalStateException("retry");
      }

      @Override
      public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
        throw new IllegalStateException("ended");
      }
    };
    OperationPoller poller = OperationPoller.builder(f.fake).policy(Fixture.exact())
        .scheduler(f.timers).listener(throwing).build();

    f.verify(() -> poller.completion(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .verifyComplete();

    assertThat(lines(Level.INFO)).containsExactly(
        "WARNING PollListener.watchStarted threw; ignored java.lang.IllegalStateException: started",
        "WARNING PollListener.pollSent threw; ignored java.lang.IllegalStateException: sent",
        "WARNING PollListener.pollAnswered threw; ignored java.lang.IllegalStateException: "
            + "answered",
        "WARNING PollListener.retryScheduled threw; ignored java.lang.IllegalStateException: "
            + "retry",
        "WARNING PollListener.pollSent threw; ignored java.lang.IllegalStateException: sent",
        "WARNING PollListener.pollAnswered threw; ignored java.lang.IllegalStateException: "
            + "answered",
        "WARNING PollListener.watchEnded threw; ignored java.lang.IllegalStateException: ended");
  }

  @Test
  void aWatchOutOfAttemptsWarnsOnceAndReportsATimeout() {
    f.fake.script(Fixture.NAME).running(1);
    List<WatchOutcome> outcomes = new CopyOnWriteArrayList<>();
    OperationPoller poller = OperationPoller.builder(f.fake)
        .policy(Fixture.exact().withMaxAttempts(2)).scheduler(f.timers)
        .listener(new PollListener() {
          @Override
          public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int n) {
            outcomes.add(outcome);
          }
        })
        .build();

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .expectNextCount(2)
        .expectError(PollTimeoutException.class)
        .verify();

    assertThat(lines(Level.INFO)).containsExactly("WARNING gave up watching " + Fixture.NAME
        + " after 2 poll(s) in PT5S: all 2 attempts used; the operation may still be running");
    assertThat(outcomes).containsExactly(WatchOutcome.TIMEOUT);
    assertThat(poller.engine().activeCount()).isZero();
  }

  @Test
  void aWatchThatEndsNormallyLogsNothingAboveDebug() {
    f.fake.script(Fixture.NAME).running(1).httpError(429).httpError(404);
    OperationPoller poller = f.poller(Fixture.exact(), secretTokens);

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .expectNextCount(1)
        .expectError(OperationNotFoundException.class)
        .verify();

    assertThat(lines(Level.FINE)).hasSize(4);
    assertThat(lines(Level.INFO)).isEmpty();
  }
}
