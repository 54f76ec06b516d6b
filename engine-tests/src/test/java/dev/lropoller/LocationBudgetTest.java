package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.internal.engine.Admission;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.FakeOperationsTransport.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Budgets keyed like Vertex AI's quota, per project and location: each location of a project has
 * its own per-minute budget and its own cool-down, while AutoML's key stays the project.
 */
class LocationBudgetTest {
  private static final Duration WINDOW = Admission.RATE_WINDOW;
  private static final String QUOTA_429 =
      "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\"}}";
  private final Fixture f = new Fixture();
  private final List<String> coolDowns = new CopyOnWriteArrayList<>();

  private static String op(String project, String location, int i) {
    return "projects/" + project + "/locations/" + location + "/trainingPipelines/7/operations/" + i;
  }

  private OperationPoller.Builder builder() {
    return OperationPoller.builder(f.fake)
        .policy(PollPolicy.fixed(Duration.ofSeconds(1)).withJitter(0.0).withTimeout(Duration.ofHours(2)))
        .scheduler(f.timers)
        .tokenSource(AccessTokenSource.none())
        .listener(new PollListener() {
          @Override
          public void coolDownStarted(String project, Duration delay) {
            coolDowns.add(project + " " + delay);
          }
        });
  }

  private List<Duration> sends(String project, String location) {
    String prefix = "projects/" + project + "/locations/" + location + "/";
    return f.fake.calls().stream().filter(c -> c.kind() == Kind.GET && c.name().startsWith(prefix))
        .map(RecordedCall::at).sorted().toList();
  }

  private static long within(List<Duration> times, Duration from, Duration length) {
    return times.stream().filter(t -> t.compareTo(from) >= 0 && t.compareTo(from.plus(length)) < 0)
        .count();
  }

  private List<Disposable> watch(OperationPoller poller, String project, String location, int n) {
    List<Disposable> watches = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      f.fake.script(op(project, location, i)).running(10);
      watches.add(poller.poll(op(project, location, i)).subscribe());
    }
    return watches;
  }

  @Test
  void twoLocationsOfOneProjectEachGetTheirOwnPerMinuteBudget() {
    OperationPoller poller = builder().budgetKey(BudgetKey.PROJECT_AND_LOCATION)
        .maxRequestsPerMinute(30).build();
    List<Disposable> watches = watch(poller, "p", "us-central1", 10);
    watches.addAll(watch(poller, "p", "europe-west4", 10));

    f.vts.advanceTimeBy(Duration.ofMinutes(3));

    for (String location : new String[] {"us-central1", "europe-west4"}) {
      List<Duration> sent = sends("p", location);
      // Each location sends its own 30 a minute: its 10 watches poll at 0, 1 and 2 s, then wait
      // for the window: 30 in each of the minutes from 0, 60 and 120 s, and 10 more at 180 s.
      assertThat(within(sent, Duration.ZERO, WINDOW)).as(location).isEqualTo(30);
      assertThat(sent).as(location).hasSize(100);
      for (int i = 30; i < sent.size(); i++) {
        assertThat(sent.get(i).minus(sent.get(i - 30))).isGreaterThanOrEqualTo(WINDOW);
      }
    }
    watches.forEach(Disposable::dispose);
  }

  @Test
  void keyedByProjectAloneTheSameTwoLocationsShareOneBudget() {
    OperationPoller poller = builder().maxRequestsPerMinute(30).build();
    List<Disposable> watches = watch(poller, "p", "us-central1", 10);
    watches.addAll(watch(poller, "p", "europe-west4", 10));

    f.vts.advanceTimeBy(Duration.ofMinutes(3));

    long both = within(sends("p", "us-central1"), Duration.ZERO, WINDOW)
        + within(sends("p", "europe-west4"), Duration.ZERO, WINDOW);
    assertThat(both).isEqualTo(30);
    watches.forEach(Disposable::dispose);
  }

  @Test
  void a429InOneLocationPausesOnlyThatLocation() {
    String first = op("p", "us-central1", 0);
    f.fake.script(first).running(10)
        .httpError(429, QUOTA_429, Duration.ofSeconds(30)).running(10);
    OperationPoller poller = builder().budgetKey(BudgetKey.PROJECT_AND_LOCATION).build();
    List<Disposable> watches = new ArrayList<>();
    watches.add(poller.poll(first).subscribe());
    for (int i = 1; i < 3; i++) {
      f.fake.script(op("p", "us-central1", i)).running(10);
      watches.add(poller.poll(op("p", "us-central1", i)).subscribe());
    }
    watches.addAll(watch(poller, "p", "europe-west4", 3));

    f.vts.advanceTimeBy(Duration.ofSeconds(60));

    assertThat(coolDowns).containsExactly("p/us-central1 PT30S");
    Duration at429 = Duration.ofSeconds(1);
    List<Duration> us = sends("p", "us-central1");
    assertThat(us).noneMatch(t -> t.compareTo(at429) > 0 && t.compareTo(at429.plusSeconds(30)) < 0);
    assertThat(us).contains(at429.plusSeconds(30));
    // europe-west4 of the same project polled every second throughout: 61 polls of each of 3.
    assertThat(sends("p", "europe-west4")).hasSize(3 * 61);
    watches.forEach(Disposable::dispose);
  }

  @Test
  void aLocationsOwnLimitWinsOverItsProjectsAndTheDefault() {
    OperationPoller poller = builder().budgetKey(BudgetKey.PROJECT_AND_LOCATION)
        .maxRequestsPerMinute(10)
        .maxRequestsPerMinute("p", 20)
        .maxRequestsPerMinute("p", "europe-west4", 40)
        .build();
    List<Disposable> watches = watch(poller, "p", "us-central1", 5);
    watches.addAll(watch(poller, "p", "europe-west4", 5));
    watches.addAll(watch(poller, "q", "europe-west4", 5));

    f.vts.advanceTimeBy(Duration.ofSeconds(59));

    assertThat(sends("p", "us-central1")).as("the project's limit").hasSize(20);
    assertThat(sends("p", "europe-west4")).as("the location's own limit").hasSize(40);
    assertThat(sends("q", "europe-west4")).as("the default").hasSize(10);
    watches.forEach(Disposable::dispose);
  }

  @Test
  void aPerLocationLimitNeedsTheProjectAndLocationKey() {
    OperationPoller.Builder b = builder().maxRequestsPerMinute("p", "us-central1", 40);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxRequestsPerMinute(project, location, n) was set for [p/us-central1] but"
            + " budgets count per PROJECT; per-location limits need"
            + " budgetKey(PROJECT_AND_LOCATION) (Vertex AI)");
    assertThat(b.budgetKey(BudgetKey.PROJECT_AND_LOCATION).build().toString())
        .contains("per project and location", "p/us-central1=40");
  }

  @Test
  void badPerLocationLimitsAreRefusedQuotingTheValue() {
    OperationPoller.Builder b = builder();
    assertThatThrownBy(() -> b.maxRequestsPerMinute("p", "us/central1", 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("location must be one name segment, such as us-central1: 'us/central1'");
    assertThatThrownBy(() -> b.maxRequestsPerMinute("", "us-central1", 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("''");
    assertThatThrownBy(() -> b.maxRequestsPerMinute("p", "us-central1", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRequestsPerMinute for p in us-central1 must be at least 1: 0");
    assertThatThrownBy(() -> b.maxRequestsPerMinute("p", null, 5))
        .isInstanceOf(NullPointerException.class).hasMessage("location");
    assertThatThrownBy(() -> b.budgetKey(null)).isInstanceOf(NullPointerException.class);
  }
}
