package dev.lropoller.spring;

import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.WatchOutcome;
import java.time.Duration;
import java.util.List;

/** Passes each event to every listener bean of the application, in order. */
final class CompositeListener implements PollListener {
  private final List<PollListener> listeners;

  private CompositeListener(List<PollListener> listeners) {
    this.listeners = listeners;
  }

  static PollListener of(List<PollListener> listeners) {
    if (listeners.isEmpty()) {
      return PollListener.NONE;
    }
    return listeners.size() == 1 ? listeners.get(0) : new CompositeListener(List.copyOf(listeners));
  }

  @Override
  public void watchStarted(String name) {
    for (PollListener l : listeners) {
      l.watchStarted(name);
    }
  }

  @Override
  public void pollSent(String name, int attempt) {
    for (PollListener l : listeners) {
      l.pollSent(name, attempt);
    }
  }

  @Override
  public void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable failure) {
    for (PollListener l : listeners) {
      l.pollAnswered(name, latency, outcome, failure);
    }
  }

  @Override
  public void retryScheduled(String name, Throwable cause, Duration delay) {
    for (PollListener l : listeners) {
      l.retryScheduled(name, cause, delay);
    }
  }

  @Override
  public void tokenRefreshed(Duration latency, Throwable failure) {
    for (PollListener l : listeners) {
      l.tokenRefreshed(latency, failure);
    }
  }

  @Override
  public void coolDownStarted(String project, Duration delay) {
    for (PollListener l : listeners) {
      l.coolDownStarted(project, delay);
    }
  }

  @Override
  public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
    for (PollListener l : listeners) {
      l.watchEnded(name, outcome, elapsed, attempts);
    }
  }

  @Override
  public String toString() {
    return "CompositeListener" + listeners;
  }
}
