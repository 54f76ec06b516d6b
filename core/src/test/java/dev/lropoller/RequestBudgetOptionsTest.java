package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.BudgetDecision;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.spi.RequestBudget;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The builder's request budget options and the port's value types: defaults and bad values. */
class RequestBudgetOptionsTest {
  private static final RequestBudget NEVER = new RequestBudget() {
    @Override
    public Mono<BudgetDecision> acquire(String key, int perMinute, Duration pendingBound) {
      return Mono.never();
    }

    @Override
    public Mono<Void> answered(String key, String slotId) {
      return Mono.empty();
    }

    @Override
    public Mono<Void> coolDown(String key, Duration duration) {
      return Mono.empty();
    }
  };

  private static final OperationsTransport NONE = new OperationsTransport() {
    @Override
    public Mono<byte[]> getOperation(String name, AccessToken token) {
      return Mono.never();
    }

    @Override
    public Mono<byte[]> listOperations(String parent, String filter, String page, AccessToken t) {
      return Mono.never();
    }

    @Override
    public Mono<Void> cancelOperation(String name, AccessToken token) {
      return Mono.never();
    }

    @Override
    public Mono<Void> deleteOperation(String name, AccessToken token) {
      return Mono.never();
    }
  };

  @Test
  void theDefaultsAreAThirdOfTheLimitAndAProbeEveryFiveSeconds() {
    assertThat(PollerBuilder.DEFAULT_REQUEST_BUDGET_REPLICAS).isEqualTo(3);
    assertThat(PollerBuilder.DEFAULT_REQUEST_BUDGET_PROBE_INTERVAL)
        .isEqualTo(Duration.ofSeconds(5));
    OperationPoller.Builder builder = OperationPoller.builder(NONE).requestBudget(NEVER);

    assertThat(builder.toString())
        .contains("requestBudgetReplicas=3", "requestBudgetProbeInterval=PT5S");
    assertThat(builder.build().toString())
        .contains("requestBudgetReplicas=3", "requestBudgetProbeInterval=PT5S");
  }

  @Test
  void withoutABudgetNothingIsSaidAboutIt() {
    OperationPoller.Builder builder = OperationPoller.builder(NONE);

    assertThat(builder.toString()).doesNotContain("requestBudget");
    assertThat(builder.build().toString()).doesNotContain("requestBudget");
  }

  @Test
  void badValuesAreRefusedQuotingThem() {
    OperationPoller.Builder builder = OperationPoller.builder(NONE);

    assertThatThrownBy(() -> builder.requestBudget(null))
        .isInstanceOf(NullPointerException.class).hasMessage("requestBudget");
    assertThatThrownBy(() -> builder.requestBudgetReplicas(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requestBudgetReplicas must be at least 1: 0");
    assertThatThrownBy(() -> builder.requestBudgetProbeInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requestBudgetProbeInterval must be more than zero: PT0S");
    assertThatThrownBy(() -> builder.requestBudgetProbeInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> builder.requestBudgetProbeInterval(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void theDecisionsCheckTheirValues() {
    assertThat(new BudgetDecision.Granted("s1").slotId()).isEqualTo("s1");
    assertThat(new BudgetDecision.Wait(Duration.ZERO).retryAfter()).isZero();
    assertThatThrownBy(() -> new BudgetDecision.Granted(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BudgetDecision.Granted(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new BudgetDecision.Wait(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retryAfter must not be negative: PT-0.005S");
    assertThatThrownBy(() -> new BudgetDecision.Wait(null))
        .isInstanceOf(NullPointerException.class);
  }
}
