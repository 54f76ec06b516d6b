package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.RetriesExhaustedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Issue 9: every listener event at its place, once, in order; a throwing listener changes nothing. */
class ListenerTest {
  private final Fixture f = new Fixture();

  /** Writes each event as one line, with virtual-time durations. */
  static final class Recording implements PollListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void watchStarted(String name) {
      events.add("watchStarted " + id(name));
    }

    @Override
    public void pollSent(String name, int attempt) {
      events.add("pollSent " + id(name) + " #" + attempt);
    }

    @Override
    public void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable failure) {
      events.add("pollAnswered " + id(name) + " " + outcome + " in " + latency
          + (failure == null ? "" : " " + failure.getMessage()));
    }

    @Override
    public void retryScheduled(String name, Throwable cause, Duration delay) {
      events.add("retryScheduled " + id(name) + " in " + delay + " after " + cause.getMessage());
    }

    @Override
    public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
      events.add("watchEnded " + id(name) + " " + outcome + " after " + elapsed + ", "
          + attempts + " attempts");
    }

    private static String id(String name) {
      return name.substring(name.lastIndexOf('/') + 1);
    }
  }

  private final Recording recording = new Recording();

  private OperationPoller poller(PollPolicy policy, PollListener listener) {
    return OperationPoller.builder(f.fake).policy(policy).scheduler(f.timers).listener(listener)
        .build();
  }

  @Test
  void twoRunningA503RetriedThenDone() {
    f.fake.script(Fixture.NAME).running(10).running(20).httpError(503).doneWithModel("m");
    OperationPoller poller = poller(Fixture.exact(), recording);

    f.verify(() -> poller.model(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .expectNextCount(1)
        .verifyComplete();

    String id = "ICN3074819451447";
    assertThat(recording.events).containsExactly(
        "watchStarted " + id,
        "pollSent " + id + " #1",
        "pollAnswered " + id + " RUNNING in PT0S",
        "pollSent " + id + " #2",
        "pollAnswered " + id + " RUNNING in PT0S",
        "pollSent " + id + " #3",
        "pollAnswered " + id + " TRANSIENT_FAILURE in PT0S HTTP 503 UNAVAILABLE: scripted 503",
        "retryScheduled " + id + " in PT11.25S after HTTP 503 UNAVAILABLE: scripted 503",
        "pollSent " + id + " #4",
        "pollAnswered " + id + " DONE in PT0S",
        "watchEnded " + id + " DONE after PT23.75S, 4 attempts");
  }

  @Test
  void aHungRequestReportsItsLatencyAndA401ItsResend() {
    f.fake.script(Fixture.NAME).hang().unauthorized().running(1).doneWithError(5, "gone");
    OperationPoller poller = poller(
        Fixture.exact().withRequestTimeout(Duration.ofSeconds(2)), recording);

    f.verify(() -> poller.poll(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .expectNextCount(2)
        .verifyComplete();

    String id = "ICN3074819451447";
    assertThat(recording.events).containsExactly(
        "watchStarted " + id,
        "pollSent " + id + " #1",
        "pollAnswered " + id + " TRANSIENT_FAILURE in PT2S no answer within PT2S",
        "retryScheduled " + id + " in PT5S after no answer within PT2S",
        "pollSent " + id + " #2",
        "pollAnswered " + id + " UNAUTHORIZED in PT0S HTTP 401 UNAUTHENTICATED: Request had "
            + "invalid authentication credentials.",
        "pollSent " + id + " #3",
        "pollAnswered " + id + " RUNNING in PT0S",
        "pollSent " + id + " #4",
        "pollAnswered " + id + " DONE in PT0S",
        "watchEnded " + id + " FAILED after PT14.5S, 4 attempts");
  }

  @Test
  void terminalOutcomes() {
    String cancelled = "projects/p/locations/l/operations/CANCELLED";
    String exhausted = "projects/p/locations/l/operations/EXHAUSTED";
    String timedOut = "projects/p/locations/l/operations/TIMEDOUT";
    String forbidden = "projects/p/locations/l/operations/FORBIDDEN";
    String unsubscribed = "projects/p/locations/l/operations/UNSUBSCRIBED";
    f.fake.script(cancelled).doneWithError(1, "cancelled");
    f.fake.script(exhausted).httpError(500);
    f.fake.script(timedOut).running(1);
    f.fake.script(forbidden).httpError(403);
    f.fake.script(unsubscribed).running(1);
    OperationPoller poller = poller(Fixture.exact().withMaxConsecutiveFailures(2)
        .withTimeout(Duration.ofSeconds(20)), recording);

    f.verify(() -> poller.poll(cancelled)).expectNextCount(1).verifyComplete();
    f.verify(() -> poller.poll(exhausted)).thenAwait(Duration.ofMinutes(1))
        .expectError(RetriesExhaustedException.class).verify();
    f.verify(() -> poller.poll(timedOut)).thenAwait(Duration.ofMinutes(1)).expectNextCount(3)
        .expectError(PollTimeoutException.class).verify();
    f.verify(() -> poller.poll(forbidden)).expectError(ApiCallException.class).verify();
    f.verify(() -> poller.poll(unsubscribed)).expectNextCount(1).thenCancel().verify();

    assertThat(recording.events).filteredOn(e -> e.startsWith("watchEnded")).containsExactly(
        "watchEnded CANCELLED CANCELLED after PT0S, 1 attempts",
        "watchEnded EXHAUSTED RETRIES_EXHAUSTED after PT5S, 2 attempts",
        "watchEnded TIMEDOUT TIMEOUT after PT20S, 3 attempts",
        "watchEnded FORBIDDEN ERROR after PT0S, 1 attempts",
        "watchEnded UNSUBSCRIBED UNSUBSCRIBED after PT0S, 1 attempts");
    assertThat(recording.events).filteredOn(e -> e.startsWith("watchStarted")).hasSize(5);
    assertThat(recording.events).contains("pollAnswered FORBIDDEN FAILED in PT0S HTTP 403 "
        + "PERMISSION_DENIED: scripted 403");
  }

  @Test
  void callsReportTheirRequestsButAreNotWatches() {
    f.fake.script(Fixture.NAME).httpError(502).running(3);
    OperationPoller poller = poller(Fixture.exact(), recording);

    f.verify(() -> poller.get(Fixture.NAME)).thenAwait(Duration.ofSeconds(5)).expectNextCount(1)
        .verifyComplete();
    f.verify(() -> poller.cancel(Fixture.NAME)).verifyComplete();

    String id = "ICN3074819451447";
    assertThat(recording.events).containsExactly(
        "pollSent " + id + " #1",
        "pollAnswered " + id + " TRANSIENT_FAILURE in PT0S HTTP 502 INTERNAL: scripted 502",
        "retryScheduled " + id + " in PT5S after HTTP 502 INTERNAL: scripted 502",
        "pollSent " + id + " #2",
        "pollAnswered " + id + " RUNNING in PT0S",
        "pollSent " + id + " #1",
        "pollAnswered " + id + " ANSWERED in PT0S");
  }

  @Test
  void aListPageIsAnsweredAndAnEmptyCancelToo() {
    String parent = "projects/p/locations/us-central1";
    f.fake.script(Fixture.NAME).running(1);
    f.fake.listPages(parent, java.util.List.of(java.util.List.of(
        dev.lropoller.testing.OperationJson.running(parent + "/operations/A", 1))));
    OperationPoller poller = poller(Fixture.exact(), recording);

    f.verify(() -> poller.list(parent, "")).expectNextCount(1).verifyComplete();
    f.verify(() -> poller.delete(Fixture.NAME)).verifyComplete();

    assertThat(recording.events).containsExactly(
        "pollSent us-central1 #1",
        "pollAnswered us-central1 ANSWERED in PT0S",
        "pollSent ICN3074819451447 #1",
        "pollAnswered ICN3074819451447 ANSWERED in PT0S");
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheWatch() {
    List<String> heard = new CopyOnWriteArrayList<>();
    PollListener throwing = new PollListener() {
      @Override
      public void watchStarted(String name) {
        heard.add("watchStarted");
        throw new IllegalStateException("boom");
      }

      @Override
      public void pollSent(String name, int attempt) {
        heard.add("pollSent");
        throw new IllegalStateException("boom");
      }

      @Override
      public void pollAnswered(String n, Duration latency, PollOutcome outcome, Throwable e) {
        heard.add("pollAnswered");
        throw new IllegalStateException("boom");
      }

      @Override
      public void retryScheduled(String name, Throwable cause, Duration delay) {
        heard.add("retryScheduled");
        throw new IllegalStateException("boom");
      }

      @Override
      public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
        heard.add("watchEnded");
        throw new IllegalStateException("boom");
      }
    };
    f.fake.script(Fixture.NAME).running(10).httpError(503).doneWithModel("m");
    OperationPoller poller = poller(Fixture.exact(), throwing);

    f.verify(() -> poller.model(Fixture.NAME))
        .thenAwait(Duration.ofMinutes(1))
        .assertNext(model -> assertThat(model.displayName()).isEqualTo("m"))
        .verifyComplete();
    assertThat(heard).containsExactly("watchStarted", "pollSent", "pollAnswered", "pollSent",
        "pollAnswered", "retryScheduled", "pollSent", "pollAnswered", "watchEnded");
    assertThat(poller.engine().activeCount()).isZero();
  }
}
