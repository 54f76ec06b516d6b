package dev.lropoller.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The degraded-mode meters, from the listener's budget events called directly. */
class BudgetMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerPollListener listener = MicrometerPollListener.create(registry);

  @Test
  void existAtZeroBeforeAnyEvent() {
    assertThat(degraded()).isZero();
    assertThat(transitions("degraded")).isZero();
    assertThat(transitions("restored")).isZero();
    assertThat(registry.get("lropoller.budget.transitions").counters()).hasSize(2);
  }

  @Test
  void gaugeCountsTheKeysDegradedNowAndTheCounterEachMove() {
    IOException down = new IOException("Connection refused");
    listener.budgetDegraded("alpha", down);
    listener.budgetDegraded("beta/us-central1", down);
    assertThat(degraded()).isEqualTo(2.0);
    assertThat(transitions("degraded")).isEqualTo(2.0);

    listener.budgetRestored("alpha");
    assertThat(degraded()).isEqualTo(1.0);
    assertThat(transitions("restored")).isEqualTo(1.0);

    listener.budgetDegraded("alpha", down);
    listener.budgetRestored("alpha");
    listener.budgetRestored("beta/us-central1");
    assertThat(degraded()).isZero();
    assertThat(transitions("degraded")).isEqualTo(3.0);
    assertThat(transitions("restored")).isEqualTo(3.0);
  }

  @Test
  void aRepeatedEventForTheSameStateMovesNothing() {
    listener.budgetDegraded("alpha", new IOException("timeout"));
    listener.budgetDegraded("alpha", new IOException("timeout"));
    listener.budgetRestored("beta");
    assertThat(degraded()).isEqualTo(1.0);
    assertThat(transitions("degraded")).isEqualTo(1.0);
    assertThat(transitions("restored")).isZero();
  }

  @Test
  void theBudgetMetersCarryNoProjectTagEvenWithProjectTags() {
    SimpleMeterRegistry tagged = new SimpleMeterRegistry();
    MicrometerPollListener l = MicrometerPollListener.create(tagged, true);
    l.budgetDegraded("alpha", new IOException("down"));
    assertThat(tagged.get("lropoller.budget.degraded").gauge().getId().getTags()).isEmpty();
    assertThat(tagged.get("lropoller.budget.transitions").tag("transition", "degraded").counter().count())
        .isEqualTo(1.0);
  }

  private double degraded() {
    return registry.get("lropoller.budget.degraded").gauge().value();
  }

  private double transitions(String transition) {
    return registry.get("lropoller.budget.transitions").tag("transition", transition).counter().count();
  }
}
