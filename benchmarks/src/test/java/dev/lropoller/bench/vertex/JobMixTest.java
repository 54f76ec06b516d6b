package dev.lropoller.bench.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.JobState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

class JobMixTest {
  private static final List<String> PROJECTS = List.of("p0", "p1", "p2", "p3", "p4");
  private static final List<String> LOCATIONS = List.of("us-central1", "europe-west4", "asia-east1", "us-east4");

  @Test
  void theSameSeedGivesTheSameRunsAndEveryPairTheSameShare() {
    List<JobMix.Run> a = JobMix.of(10_000, 42, PROJECTS, LOCATIONS);
    List<JobMix.Run> b = JobMix.of(10_000, 42, PROJECTS, LOCATIONS);
    assertThat(a).extracting(r -> r.jobScript().toString())
        .containsExactlyElementsOf(b.stream().map(r -> r.jobScript().toString()).toList());
    assertThat(JobMix.of(100, 43, PROJECTS, LOCATIONS)).extracting(JobMix.Run::end)
        .isNotEqualTo(a.subList(0, 100).stream().map(JobMix.Run::end).toList());
    Map<String, Long> perPair = a.stream().collect(Collectors.groupingBy(JobMix.Run::parent, Collectors.counting()));
    assertThat(perPair).hasSize(20).allSatisfy((pair, n) -> assertThat(n).isEqualTo(500L));
  }

  @Test
  void theMixHoldsEveryKindAndEndStateAndBothKindsOfProgress() {
    List<JobMix.Run> runs = JobMix.of(10_000, 42, PROJECTS, LOCATIONS);
    Map<JobState, Long> ends = runs.stream().collect(Collectors.groupingBy(JobMix.Run::end, Collectors.counting()));
    assertThat(ends.get(JobState.SUCCEEDED)).isBetween(7_200L, 7_800L);
    assertThat(ends.get(JobState.FAILED)).isBetween(1_300L, 1_700L);
    assertThat(ends.get(JobState.CANCELLED)).isBetween(800L, 1_200L);
    assertThat(runs.stream().map(JobMix.Run::kind).distinct().count())
        .isEqualTo(dev.lropoller.testing.emulator.VertexJobKind.values().length);
    long timeBased = runs.stream().filter(JobMix.Run::timeBased).count();
    assertThat(timeBased).isBetween(1_800L, 2_200L);
    assertThat(runs.stream().filter(r -> !r.timeBased()).mapToInt(JobMix.Run::endPoll).distinct().sorted().toArray())
        .containsExactly(4, 5);
  }

  @Test
  void eachOperationEndsOnTheSameGetOrInstantAndWithTheSameOutcomeAsItsJob() throws Exception {
    VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(java.time.Instant.parse("2026-12-05T00:00:00Z"));
    HttpClient http = HttpClient.newHttpClient();
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().clock(new SchedulerClock(clock)).start()) {
      for (JobMix.Run run : JobMix.of(40, 7, List.of("p"), List.of("us-central1"))) {
        String job = emulator.vertex().startJob(run.jobScript());
        String op = emulator.vertex().startOperation(run.operationScript());
        Function<String, String> get = name -> {
          try {
            return http.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/v1/" + name)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };
        if (run.timeBased()) {
          Duration end = run.queued().plus(run.running());
          clock.advanceTimeBy(end.minusMillis(1));
          assertThat(get.apply(job)).as("run %d before its end", run.index()).contains("RUNNING");
          assertThat(get.apply(op)).doesNotContain("\"done\":true");
          clock.advanceTimeBy(Duration.ofMillis(1));
        } else {
          for (int i = 1; i < run.endPoll(); i++) {
            assertThat(get.apply(job)).as("run %d GET %d", run.index(), i).doesNotContain(run.end().name());
            assertThat(get.apply(op)).doesNotContain("\"done\":true");
          }
        }
        String jobBody = get.apply(job);
        String opBody = get.apply(op);
        assertThat(jobBody).as("run %d", run.index()).contains("_STATE_" + run.end().name());
        assertThat(VertexLoadRun.operationOutcome(dev.lropoller.model.Operation.parse(opBody)))
            .isEqualTo(run.end().name());
      }
    }
  }

  @Test
  void badArgumentsAreRefusedNamingThem() {
    assertThatThrownBy(() -> JobMix.of(0, 1, PROJECTS, LOCATIONS)).hasMessageContaining("n=0");
    assertThatThrownBy(() -> JobMix.of(5, 1, List.of(), LOCATIONS)).hasMessageContaining("projects []");
    JobMix.Run timed = JobMix.of(200, 42, PROJECTS, LOCATIONS).stream().filter(JobMix.Run::timeBased)
        .findFirst().orElseThrow();
    assertThatThrownBy(timed::endPoll).hasMessageContaining("run " + timed.index());
  }
}
