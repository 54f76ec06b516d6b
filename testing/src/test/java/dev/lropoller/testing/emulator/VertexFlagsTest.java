package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Vertex flags of the standalone emulator. */
class VertexFlagsTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @Test
  void locationsQuotaPerLocationJobScriptAndStartedJobs() {
    List<String> states = new ArrayList<>();
    int status = EmulatorMain.run(new String[] {"--port", "0", "--location", "us-central1",
        "--location", "europe-west4=0", "--quota-per-minute", "3", "--quota-per-location",
        "--location-quota", "p/europe-west4=4", "--job-end", "failed", "--job-polls-per-state", "2",
        "--start-jobs", "training-pipeline:2", "--parent", "projects/p/locations/us-central1"},
        out, err, emulator -> {
          assertThat(emulator.vertex().jobCount()).isEqualTo(2);
          TestHttp us = new TestHttp(emulator.vertex().locationUri("us-central1"));
          String job = us.post("/v1/projects/p/locations/us-central1/customJobs", "{}").json().get("name").asText();
          states.add(us.get("/v1/" + job).json().get("state").asText());
          states.add(us.get("/v1/" + job).json().get("state").asText());
          // The third request of p in us-central1 this minute.
          assertThat(us.get("/v1/" + job).status()).isEqualTo(429);
          TestHttp eu = new TestHttp(emulator.vertex().locationUri("europe-west4"));
          String euJob = eu.post("/v1/projects/p/locations/europe-west4/customJobs", "{}").json().get("name").asText();
          // The create and three polls use the override's quota of 4.
          for (int i = 0; i < 3; i++) {
            states.add(eu.get("/v1/" + euJob).json().get("state").asText());
          }
          assertThat(eu.get("/v1/" + euJob).status()).isEqualTo(429);
          assertThat(emulator.vertex().locationTraffic()).extracting(LocationTraffic::location, LocationTraffic::quotaPerMinute)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("europe-west4", 4), org.assertj.core.groups.Tuple.tuple("us-central1", 3));
        });
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(status).isZero();
    assertThat(states).containsExactly("JOB_STATE_QUEUED", "JOB_STATE_QUEUED",
        "JOB_STATE_QUEUED", "JOB_STATE_QUEUED", "JOB_STATE_PENDING");
    assertThat(outBytes.toString(StandardCharsets.UTF_8))
        .contains("jobs: JobScript[TRAINING_PIPELINE under projects/p/locations/us-central1: QUEUED x2, PENDING x2, RUNNING x2, FAILED]; started 2")
        .containsPattern("location europe-west4 on http://127\\.0\\.0\\.1:\\d+\n")
        .containsPattern("location us-central1 on http://127\\.0\\.0\\.1:\\d+\n")
        .contains("quota: per project and location; {p/europe-west4=4}");
  }

  @Test
  void aTimedRunningStepAndTheDefaults() {
    EmulatorOptions o = EmulatorOptions.parse("--job-running", "10m");
    assertThat(o.vertex.script(VertexJobKind.CUSTOM_JOB, null).steps()).extracting(JobScript.Step::state)
        .containsExactly(JobState.QUEUED, JobState.PENDING, JobState.RUNNING, JobState.SUCCEEDED);
    assertThat(o.vertex.script(VertexJobKind.CUSTOM_JOB, null).steps().get(2).duration()).hasMinutes(10);
    assertThat(EmulatorOptions.USAGE).contains("--location L[=PORT]", "--quota-per-location", "--start-jobs KIND:N");
  }

  @Test
  void badVertexValuesAreQuoted() {
    assertThatThrownBy(() -> EmulatorOptions.parse("--job-end", "DONE"))
        .hasMessageStartingWith("--job-end needs one of QUEUED, PENDING").hasMessageEndingWith("got \"DONE\"");
    assertThatThrownBy(() -> EmulatorOptions.parse("--location", "US=1"))
        .hasMessage("--location needs L or L=PORT such as us-central1=9091, got \"US=1\"");
    assertThatThrownBy(() -> EmulatorOptions.parse("--location", "eu=99999"))
        .hasMessage("--location eu needs an integer in 0..65535, got \"99999\"");
    assertThatThrownBy(() -> EmulatorOptions.parse("--location-quota", "p=5"))
        .hasMessage("--location-quota needs PROJECT/LOCATION=N such as my-project/us-central1=600, got \"p=5\"");
    assertThatThrownBy(() -> EmulatorOptions.parse("--start-jobs", "robots:3"))
        .hasMessageContaining("got \"robots:3\"");
    assertThatThrownBy(() -> EmulatorOptions.parse("--job-running", "0s"))
        .hasMessage("--job-running needs a positive duration, got \"0s\"");
    assertThatThrownBy(() -> EmulatorOptions.parse("--job-end", "expired", "--start-jobs", "pipeline-job:1"))
        .hasMessageContaining("PIPELINE_JOB has no state EXPIRED");
    assertThatThrownBy(() -> EmulatorOptions.parse("--start-jobs", "custom-job:1", "--parent", "projects/p"))
        .hasMessageContaining("parent must be projects/{p}/locations/{l}, got \"projects/p\"");
    int status = EmulatorMain.run(new String[] {"--job-polls-per-state", "0"}, out, err, e -> { });
    assertThat(status).isEqualTo(2);
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .startsWith("lro-poller-emulator: --job-polls-per-state needs an integer in 1..1000000, got \"0\"");
  }
}
