package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How scripted Vertex jobs move: by polls, by the clock, through PAUSED and UPDATING, by hand. */
class VertexJobsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:14:05.123456Z");
  private static final String PARENT = "projects/p/locations/us-central1";

  private final MutableClock clock = new MutableClock(T0);
  private final AutoMlEmulator emulator = AutoMlEmulator.builder().clock(clock).start();
  private final TestHttp http = new TestHttp(emulator);

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void aTimedRunEndsAtItsExactInstantWithItsTimes() {
    String name = emulator.vertex().startJob(JobScript.builder(VertexJobKind.TRAINING_PIPELINE).parent(PARENT)
        .runsFor(Duration.ofMinutes(30), JobState.SUCCEEDED).build());
    assertThat(state(name)).isEqualTo("PIPELINE_STATE_QUEUED");
    clock.advance(Duration.ofSeconds(35));
    assertThat(state(name)).isEqualTo("PIPELINE_STATE_PENDING");
    JsonNode running = http.get("/v1/" + name).json();
    assertThat(running.get("state").asText()).isEqualTo("PIPELINE_STATE_RUNNING");
    assertThat(running.get("startTime").asText()).isEqualTo("2026-03-02T09:14:40.123456Z");
    assertThat(running.has("endTime")).isFalse();
    clock.advance(Duration.ofMinutes(29).plusSeconds(59));
    assertThat(state(name)).isEqualTo("PIPELINE_STATE_RUNNING");
    clock.advance(Duration.ofHours(1));
    JsonNode done = http.get("/v1/" + name).json();
    assertThat(done.get("state").asText()).isEqualTo("PIPELINE_STATE_SUCCEEDED");
    // Ended when the 30 minutes were up, not when the late poll came.
    assertThat(done.get("endTime").asText()).isEqualTo("2026-03-02T09:44:40.123456Z");
    assertThat(done.get("updateTime").asText()).isEqualTo("2026-03-02T09:44:40.123456Z");
    assertThat(done.at("/modelToUpload/versionId").asText()).isEqualTo("1");
    assertThat(emulator.vertex().jobState(name)).isEqualTo(JobState.SUCCEEDED);
    assertThat(emulator.vertex().jobPollCount(name)).isEqualTo(5);
  }

  @Test
  void pausedAndUpdatingAreShownAndStartTimeIsTheFirstRunning() {
    String name = emulator.vertex().startJob(JobScript.builder(VertexJobKind.CUSTOM_JOB).parent(PARENT)
        .step(JobState.QUEUED, 1).step(JobState.RUNNING, 1).step(JobState.UPDATING, 2).step(JobState.RUNNING, 1)
        .step(JobState.PAUSED, 1).step(JobState.RUNNING, 1).last(JobState.SUCCEEDED).build());
    List<String> states = new ArrayList<>();
    List<String> starts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      clock.advance(Duration.ofSeconds(1));
      JsonNode job = http.get("/v1/" + name).json();
      states.add(job.get("state").asText().substring("JOB_STATE_".length()));
      starts.add(job.path("startTime").asText(""));
    }
    assertThat(states).containsExactly(
        "QUEUED", "RUNNING", "UPDATING", "UPDATING", "RUNNING", "PAUSED", "RUNNING", "SUCCEEDED");
    assertThat(starts.subList(1, 8)).containsOnly("2026-03-02T09:14:06.123456Z");
  }

  @Test
  void cancelMidRunGoesThroughCancellingForTheScriptedPolls() {
    String name = emulator.vertex().startJob(JobScript.builder(VertexJobKind.HYPERPARAMETER_TUNING_JOB).parent(PARENT)
        .step(JobState.RUNNING, 5).last(JobState.SUCCEEDED).cancellingPolls(2).build());
    http.get("/v1/" + name);
    assertThat(http.post("/v1/" + name + ":cancel", "").body()).isEqualTo("{}");
    assertThat(emulator.vertex().jobState(name)).isEqualTo(JobState.CANCELLING);
    assertThat(http.post("/v1/" + name + ":cancel", "{}").status()).isEqualTo(200);
    assertThat(List.of(state(name), state(name), state(name))).containsExactly(
        "JOB_STATE_CANCELLING", "JOB_STATE_CANCELLING", "JOB_STATE_CANCELLED");
    JsonNode cancelled = http.get("/v1/" + name).json();
    assertThat(cancelled.at("/error/code").asInt()).isEqualTo(1);
    assertThat(cancelled.has("endTime")).isTrue();
  }

  @Test
  void jobsCanBeSteeredByHandAndUnknownNamesAre404() {
    String name = emulator.vertex().startJob(JobScript.of(VertexJobKind.NAS_JOB));
    assertThat(name).startsWith(OperationScript.DEFAULT_PARENT + "/nasJobs/");
    emulator.vertex().setJobState(name, JobState.PAUSED);
    assertThat(state(name)).isEqualTo("JOB_STATE_PAUSED");
    assertThat(state(name)).isEqualTo("JOB_STATE_PAUSED");
    emulator.vertex().setJobState(name, JobState.EXPIRED);
    assertThat(http.get("/v1/" + name).json().has("endTime")).isTrue();
    assertThat(emulator.vertex().jobCount()).isEqualTo(1);

    TestHttp.Resp missing = http.get("/v1/" + PARENT + "/customJobs/999");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().at("/error/message").asText()).isEqualTo("Job not found: " + PARENT + "/customJobs/999");
    assertThatThrownBy(() -> emulator.vertex().jobState("projects/p/locations/l/customJobs/1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no such job: \"projects/p/locations/l/customJobs/1\"");
    String pipeline = emulator.vertex().startJob(JobScript.of(VertexJobKind.PIPELINE_JOB));
    assertThatThrownBy(() -> emulator.vertex().setJobState(pipeline, JobState.EXPIRED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PIPELINE_JOB has no state EXPIRED");
  }

  @Test
  void scriptsAreCheckedWithTheBadValueNamed() {
    assertThatThrownBy(() -> JobScript.builder(VertexJobKind.TRAINING_PIPELINE).endsIn(JobState.PARTIALLY_SUCCEEDED).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TRAINING_PIPELINE has no state PARTIALLY_SUCCEEDED");
    assertThatThrownBy(() -> JobScript.builder(VertexJobKind.CUSTOM_JOB).step(JobState.FAILED, 1).last(JobState.RUNNING).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("end state FAILED must be the last step, but is step 1 of 2");
    assertThatThrownBy(() -> JobScript.builder(VertexJobKind.CUSTOM_JOB).parent("projects/p"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("parent must be projects/{p}/locations/{l}, got \"projects/p\"");
    assertThatThrownBy(() -> JobScript.builder(VertexJobKind.CUSTOM_JOB).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a JobScript needs at least one step");
    assertThat(JobScript.of(VertexJobKind.CUSTOM_JOB).toString())
        .isEqualTo("JobScript[CUSTOM_JOB under " + OperationScript.DEFAULT_PARENT + ": QUEUED x1, PENDING x1, RUNNING x1, SUCCEEDED]");
  }

  @Test
  void restCreatedJobsFollowTheDefaultScriptOrSayWhyNot() {
    try (AutoMlEmulator expiring = AutoMlEmulator.builder()
        .defaultJobScript(JobScript.builder(VertexJobKind.TUNING_JOB).step(JobState.RUNNING, 1).last(JobState.EXPIRED).build())
        .start()) {
      TestHttp h = new TestHttp(expiring);
      String tuning = h.post("/v1/" + PARENT + "/tuningJobs", "{\"baseModel\": \"gemini-2.0-flash-001\"}")
          .json().get("name").asText();
      assertThat(List.of(state(h, tuning), state(h, tuning))).containsExactly("JOB_STATE_RUNNING", "JOB_STATE_EXPIRED");
      TestHttp.Resp refused = h.post("/v1/" + PARENT + "/trainingPipelines", "{}");
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json().at("/error/message").asText()).contains("TRAINING_PIPELINE has no state EXPIRED");
    }
  }

  private String state(String name) {
    return state(http, name);
  }

  private static String state(TestHttp h, String name) {
    return h.get("/v1/" + name).json().get("state").asText();
  }
}
