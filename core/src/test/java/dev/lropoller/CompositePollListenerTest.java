package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.util.Loggers;

/** PollListener.composite: every listener hears every event in order; one that throws is isolated. */
class CompositePollListenerTest {
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger jul = Logger.getLogger(PollListener.class.getName());
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

  @BeforeEach
  void captureLogs() {
    Loggers.useJdkLoggers();
    jul.setUseParentHandlers(false);
    jul.addHandler(handler);
  }

  @AfterEach
  void restore() {
    jul.removeHandler(handler);
    jul.setUseParentHandlers(true);
    Loggers.resetLoggerFactory();
  }

  /** Records each event with its arguments, under a label. */
  private PollListener recording(String label) {
    return new PollListener() {
      @Override
      public void watchStarted(String name) {
        heard.add(label + " watchStarted " + name);
      }

      @Override
      public void pollSent(String name, int attempt) {
        heard.add(label + " pollSent " + name + " #" + attempt);
      }

      @Override
      public void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable e) {
        heard.add(label + " pollAnswered " + name + " " + latency + " " + outcome + " " + e);
      }

      @Override
      public void retryScheduled(String name, Throwable cause, Duration delay) {
        heard.add(label + " retryScheduled " + name + " " + cause.getMessage() + " " + delay);
      }

      @Override
      public void tokenRefreshed(Duration latency, Throwable failure) {
        heard.add(label + " tokenRefreshed " + latency + " " + failure);
      }

      @Override
      public void coolDownStarted(String project, Duration delay) {
        heard.add(label + " coolDownStarted " + project + " " + delay);
      }

      @Override
      public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
        heard.add(label + " watchEnded " + name + " " + outcome + " " + elapsed + " " + attempts);
      }

      @Override
      public String toString() {
        return label;
      }
    };
  }

  /** Throws from every event. */
  private static final PollListener THROWING = new PollListener() {
    @Override
    public void watchStarted(String name) {
      throw new IllegalStateException("started");
    }

    @Override
    public void pollSent(String name, int attempt) {
      throw new IllegalStateException("sent");
    }

    @Override
    public void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable e) {
      throw new IllegalStateException("answered");
    }

    @Override
    public void retryScheduled(String name, Throwable cause, Duration delay) {
      throw new IllegalStateException("retry");
    }

    @Override
    public void tokenRefreshed(Duration latency, Throwable failure) {
      throw new IllegalStateException("token");
    }

    @Override
    public void coolDownStarted(String project, Duration delay) {
      throw new IllegalStateException("cool");
    }

    @Override
    public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
      throw new IllegalStateException("ended");
    }
  };

  private static void everyEvent(PollListener l) {
    l.watchStarted("op");
    l.pollSent("op", 2);
    l.pollAnswered("op", Duration.ofMillis(5), PollOutcome.RUNNING, null);
    l.retryScheduled("op", new RuntimeException("503"), Duration.ofSeconds(1));
    l.tokenRefreshed(Duration.ofMillis(7), null);
    l.coolDownStarted("p1", Duration.ofSeconds(30));
    l.watchEnded("op", WatchOutcome.DONE, Duration.ofSeconds(9), 3);
  }

  @Test
  void everyListenerHearsEveryEventInOrderWithItsArguments() {
    everyEvent(PollListener.composite(recording("a"), recording("b")));

    assertThat(heard).containsExactly(
        "a watchStarted op", "b watchStarted op",
        "a pollSent op #2", "b pollSent op #2",
        "a pollAnswered op PT0.005S RUNNING null", "b pollAnswered op PT0.005S RUNNING null",
        "a retryScheduled op 503 PT1S", "b retryScheduled op 503 PT1S",
        "a tokenRefreshed PT0.007S null", "b tokenRefreshed PT0.007S null",
        "a coolDownStarted p1 PT30S", "b coolDownStarted p1 PT30S",
        "a watchEnded op DONE PT9S 3", "b watchEnded op DONE PT9S 3");
    assertThat(records).isEmpty();
  }

  @Test
  void aThrowingListenerIsIsolatedAndEachFailureLoggedOnceAtWarn() {
    everyEvent(PollListener.composite(recording("a"), THROWING, recording("b")));

    assertThat(heard).hasSize(14).filteredOn(e -> e.startsWith("b ")).hasSize(7);
    assertThat(records).extracting(r -> r.getLevel() + " " + r.getMessage() + " "
        + r.getThrown().getMessage()).containsExactly(
        "WARNING PollListener.watchStarted threw; ignored started",
        "WARNING PollListener.pollSent threw; ignored sent",
        "WARNING PollListener.pollAnswered threw; ignored answered",
        "WARNING PollListener.retryScheduled threw; ignored retry",
        "WARNING PollListener.tokenRefreshed threw; ignored token",
        "WARNING PollListener.coolDownStarted threw; ignored cool",
        "WARNING PollListener.watchEnded threw; ignored ended");
  }

  @Test
  void aSingleThrowingListenerIsIsolatedToo() {
    PollListener one = PollListener.composite(THROWING);

    everyEvent(one);

    assertThat(one).isNotSameAs(THROWING);
    assertThat(records).hasSize(7).allMatch(r -> r.getLevel() == Level.WARNING);
  }

  @Test
  void noneIsLeftOutAndNothingLeftIsNone() {
    assertThat(PollListener.composite()).isSameAs(PollListener.NONE);
    assertThat(PollListener.composite(PollListener.NONE, PollListener.NONE))
        .isSameAs(PollListener.NONE);
    assertThat(PollListener.composite(List.of())).isSameAs(PollListener.NONE);

    PollListener a = recording("a");
    assertThat(PollListener.composite(PollListener.NONE, a)).hasToString("PollListener.composite[a]");
  }

  @Test
  void aCompositeIsNotWrappedAgain() {
    PollListener composite = PollListener.composite(recording("a"), recording("b"));

    assertThat(PollListener.composite(composite)).isSameAs(composite);
    assertThat(PollListener.composite(composite, recording("c")))
        .hasToString("PollListener.composite[PollListener.composite[a, b], c]");
  }

  @Test
  void laterChangesToTheGivenListDoNotReachTheComposite() {
    List<PollListener> given = new ArrayList<>(List.of(recording("a")));
    PollListener composite = PollListener.composite(given);
    given.add(recording("b"));

    composite.watchStarted("op");

    assertThat(heard).containsExactly("a watchStarted op");
  }

  @Test
  void aNullListenerIsRefusedWithItsIndex() {
    assertThatThrownBy(() -> PollListener.composite(recording("a"), null))
        .isInstanceOf(NullPointerException.class).hasMessage("listeners[1]");
    assertThatThrownBy(() -> PollListener.composite((PollListener[]) null))
        .isInstanceOf(NullPointerException.class).hasMessage("listeners");
    assertThatThrownBy(() -> PollListener.composite((List<PollListener>) null))
        .isInstanceOf(NullPointerException.class).hasMessage("listeners");
  }
}
