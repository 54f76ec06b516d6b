package dev.lropoller;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * What {@link PollListener#composite} returns (an instance of its own only to be recognized, so
 * that a composite is not wrapped again): passes each event to its listeners in order, each
 * call isolated. A listener that throws does not stop the others from hearing the event; its
 * exception is logged once at WARN (logger {@code dev.lropoller.PollListener}) and dropped.
 */
public final class CompositePollListener implements PollListener {
  /** Per instance, like the engine's: it follows the logger factory in use when it is built. */
  private final Logger log = Loggers.getLogger(PollListener.class);

  private final PollListener[] listeners;

  private CompositePollListener(List<PollListener> listeners) {
    this.listeners = listeners.toArray(new PollListener[0]);
  }

  /**
   * The composite of {@code listeners}, as {@link PollListener#composite(List)} documents it.
   *
   * @param listeners the listeners, in the order they hear each event
   * @return the composite listener, or {@link PollListener#NONE} when none is left
   * @throws NullPointerException if {@code listeners} or one of them is {@code null}; the
   *     message gives its index
   */
  public static PollListener of(List<? extends PollListener> listeners) {
    Objects.requireNonNull(listeners, "listeners");
    List<PollListener> kept = new ArrayList<>(listeners.size());
    for (int i = 0; i < listeners.size(); i++) {
      PollListener l = Objects.requireNonNull(listeners.get(i), "listeners[" + i + "]");
      if (l != NONE) {
        kept.add(l);
      }
    }
    if (kept.isEmpty()) {
      return NONE;
    }
    if (kept.size() == 1 && kept.get(0) instanceof CompositePollListener) {
      return kept.get(0);
    }
    return new CompositePollListener(kept);
  }

  /** One event, as it is passed to one listener. */
  private interface Event {
    void sendTo(PollListener listener);
  }

  private void publish(String event, Event e) {
    for (PollListener l : listeners) {
      try {
        e.sendTo(l);
      } catch (Throwable failure) {
        log.warn("PollListener." + event + " threw; ignored", failure);
      }
    }
  }

  @Override
  public void watchStarted(String name) {
    publish("watchStarted", l -> l.watchStarted(name));
  }

  @Override
  public void pollSent(String name, int attempt) {
    publish("pollSent", l -> l.pollSent(name, attempt));
  }

  @Override
  public void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable failure) {
    publish("pollAnswered", l -> l.pollAnswered(name, latency, outcome, failure));
  }

  @Override
  public void retryScheduled(String name, Throwable cause, Duration delay) {
    publish("retryScheduled", l -> l.retryScheduled(name, cause, delay));
  }

  @Override
  public void tokenRefreshed(Duration latency, Throwable failure) {
    publish("tokenRefreshed", l -> l.tokenRefreshed(latency, failure));
  }

  @Override
  public void coolDownStarted(String project, Duration delay) {
    publish("coolDownStarted", l -> l.coolDownStarted(project, delay));
  }

  @Override
  public void budgetDegraded(String key, Throwable cause) {
    publish("budgetDegraded", l -> l.budgetDegraded(key, cause));
  }

  @Override
  public void budgetRestored(String key) {
    publish("budgetRestored", l -> l.budgetRestored(key));
  }

  @Override
  public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
    publish("watchEnded", l -> l.watchEnded(name, outcome, elapsed, attempts));
  }

  @Override
  public void endEstimated(String name, Instant estimatedEnd, EstimateBasis basis) {
    publish("endEstimated", l -> l.endEstimated(name, estimatedEnd, basis));
  }

  @Override
  public void endEstimateSettled(String name, Duration error, EstimateBasis basis) {
    publish("endEstimateSettled", l -> l.endEstimateSettled(name, error, basis));
  }

  @Override
  public String toString() {
    return "PollListener.composite" + List.of(listeners);
  }
}
