package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The request budget's events reach every listener of a composite, in order, each call isolated
 * (a throwing listener does not keep the next from hearing them).
 */
class CompositeBudgetEventsTest {
  private final List<String> heard = new CopyOnWriteArrayList<>();

  private PollListener recording(String label) {
    return new PollListener() {
      @Override
      public void budgetDegraded(String key, Throwable cause) {
        heard.add(label + " degraded " + key + " " + cause.getMessage());
      }

      @Override
      public void budgetRestored(String key) {
        heard.add(label + " restored " + key);
      }
    };
  }

  private static final PollListener THROWING = new PollListener() {
    @Override
    public void budgetDegraded(String key, Throwable cause) {
      throw new IllegalStateException("degraded");
    }

    @Override
    public void budgetRestored(String key) {
      throw new IllegalStateException("restored");
    }
  };

  @Test
  void budgetEventsReachEveryListenerPastAThrowingOne() {
    PollListener composite = PollListener.composite(recording("a"), THROWING, recording("b"));

    composite.budgetDegraded("p/us-central1", new IllegalStateException("redis down"));
    composite.budgetRestored("p/us-central1");

    assertThat(heard).containsExactly(
        "a degraded p/us-central1 redis down", "b degraded p/us-central1 redis down",
        "a restored p/us-central1", "b restored p/us-central1");
  }

  @Test
  void theDefaultsHearNothingAndThrowNothing() {
    PollListener.NONE.budgetDegraded("p", new IllegalStateException("x"));
    PollListener.NONE.budgetRestored("p");

    assertThat(heard).isEmpty();
  }
}
