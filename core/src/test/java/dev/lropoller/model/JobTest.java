package dev.lropoller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lropoller.error.UnexpectedResponseException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a Vertex job, its states in both encodings, and the operation view the engine sees. */
class JobTest {
  private static final String PIPELINE =
      "projects/123456789012/locations/us-central1/trainingPipelines/1234567890123456789";

  private static Job parse(String json) {
    return Job.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheWireContractsSucceededPipeline() {
    Job job = parse("{\"name\": \"" + PIPELINE + "\", \"displayName\": \"flowers\","
        + " \"state\": \"PIPELINE_STATE_SUCCEEDED\", \"modelId\": \"flowers\","
        + " \"modelToUpload\": {\"name\": \"projects/123456789012/locations/us-central1/models/"
        + "flowers\", \"versionId\": \"1\"}, \"createTime\": \"2026-03-02T09:14:05.123456Z\","
        + " \"startTime\": \"2026-03-02T09:14:40.511Z\", \"endTime\": \"2026-03-02T11:02:17.904Z\","
        + " \"updateTime\": \"2026-03-02T11:02:17.904Z\", \"labels\": {\"team\": \"vision\"}}");
    assertThat(job.kind()).isEqualTo(JobKind.TRAINING_PIPELINE);
    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.createTime()).contains(Instant.parse("2026-03-02T09:14:05.123456Z"));
    assertThat(job.endTime()).contains(Instant.parse("2026-03-02T11:02:17.904Z"));
    assertThat(job.labels()).containsEntry("team", "vision");
    assertThat(job.uploadedModel()).contains(new ModelVersion(
        "projects/123456789012/locations/us-central1/models/flowers", "1", "flowers"));
    Operation view = job.asOperation();
    assertThat(view.done()).isTrue();
    assertThat(view.error()).isEmpty();
    assertThat(Job.fromView(view)).isEqualTo(job);
    assertThat(job.toString()).isEqualTo("Job{" + PIPELINE + ", SUCCEEDED}");
  }

  @Test
  void aViewGivesBackItsJobWithoutReadingItAgainAndAViewFromJsonReadsAnEqualOne() {
    Job job = parse("{\"name\": \"" + PIPELINE + "\", \"state\": \"PIPELINE_STATE_RUNNING\","
        + " \"createTime\": \"2026-03-02T09:14:05.123456Z\", \"update_time\": \"2026-03-02T10:00:00Z\"}");
    Operation view = job.asOperation();

    assertThat(Job.fromView(view)).isSameAs(job);
    Operation stored = Operation.fromJson(view.json());
    assertThat(Job.fromView(stored)).isNotSameAs(job).isEqualTo(job);
    assertThat(view.metadata().createTime()).isEqualTo(job.createTime());
    assertThat(view.metadata().updateTime()).contains(Instant.parse("2026-03-02T10:00:00Z"));
  }

  @Test
  void aFailedJobsViewCarriesItsError() {
    Job job = parse("{\"name\": \"projects/1/locations/europe-west4/customJobs/2\","
        + " \"state\": \"JOB_STATE_FAILED\", \"error\": {\"code\": 3, \"message\": \"exit 1\"}}");
    Operation view = job.asOperation();
    assertThat(view.done()).isTrue();
    assertThat(view.error()).hasValueSatisfying(s -> {
      assertThat(s.code()).isEqualTo(RpcCode.INVALID_ARGUMENT);
      assertThat(s.message()).isEqualTo("exit 1");
    });
  }

  @Test
  void endStatesWithoutAnErrorGetOneMadeFromTheState() {
    String name = "projects/1/locations/us-central1/tuningJobs/9";
    assertThat(parse("{\"name\":\"" + name + "\",\"state\":\"JOB_STATE_EXPIRED\"}").asOperation()
        .error()).hasValueSatisfying(s -> assertThat(s.code()).isEqualTo(RpcCode.DEADLINE_EXCEEDED));
    assertThat(parse("{\"name\":\"" + name + "\",\"state\":7}").asOperation().error())
        .hasValueSatisfying(s -> assertThat(s.code()).isEqualTo(RpcCode.CANCELLED));
    assertThat(parse("{\"name\":\"" + name + "\",\"state\":\"JOB_STATE_FAILED\"}").asOperation()
        .error()).hasValueSatisfying(s -> assertThat(s.code()).isEqualTo(RpcCode.UNKNOWN));
    assertThat(parse("{\"name\":\"" + name + "\",\"state\":\"JOB_STATE_PAUSED\"}").asOperation()
        .done()).isFalse();
  }

  @Test
  void statesReadFromNamesAndNumbersAndUnknownValuesAreNotTerminal() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    for (JobState s : JobState.values()) {
      if (s == JobState.UNRECOGNIZED) {
        continue;
      }
      assertThat(JobState.read(f.numberNode(s.number()))).isEqualTo(s);
      assertThat(JobState.read(f.textNode("JOB_STATE_" + s.name()))).isEqualTo(s);
      assertThat(JobState.read(f.textNode("PIPELINE_STATE_" + s.name()))).isEqualTo(s);
    }
    assertThat(JobState.read(null)).isEqualTo(JobState.UNSPECIFIED);
    assertThat(JobState.read(f.numberNode(12))).isEqualTo(JobState.UNRECOGNIZED);
    assertThat(JobState.read(f.textNode("JOB_STATE_HIBERNATING"))).isEqualTo(JobState.UNRECOGNIZED);
    assertThat(JobState.read(f.textNode("SUCCEEDED"))).isEqualTo(JobState.UNRECOGNIZED);
    assertThat(JobState.UNRECOGNIZED.isTerminal()).isFalse();
    assertThat(JobState.values()).filteredOn(JobState::isTerminal).containsExactly(
        JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED, JobState.EXPIRED,
        JobState.PARTIALLY_SUCCEEDED);
  }

  @Test
  void aBodyThatIsNotAJobIsRefusedWithItQuoted() {
    assertThatThrownBy(() -> parse("{\"name\":\"projects/p/locations/l/operations/1\"}"))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("projects/p/locations/l/operations/1");
    assertThatThrownBy(() -> parse("[]")).isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("[]");
    assertThatThrownBy(() -> parse("{\"name\":\"projects/p/locations/l/customJobs/1\","
        + "\"createTime\":7}")).isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("createTime");
  }

  @Test
  void jobNamesAreCheckedWithTheirCollectionsListed() {
    assertThat(JobKind.ofName("projects/p/locations/global/nasJobs/5")).isEqualTo(JobKind.NAS_JOB);
    assertThatThrownBy(() -> JobKind.ofName("projects/p/locations/l/customJobs/1/x"))
        .hasMessageContaining("customJobs/1/x").hasMessageContaining("batchPredictionJobs");
    assertThatThrownBy(() -> JobKind.ofName("projects/p/locations/l/customJobs/a b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a b");
    assertThat(JobKind.isJobName(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"projects/p/locations/l/customJobs",
      "projects/p/locations/l/customJobs/1/x", "projects/p/locations/l/customJobs/1/",
      "project/p/locations/l/customJobs/1", "projectX/p/locations/l/customJobs/1",
      "projects/p/location/l/customJobs/1",
      "projects/p/locationsX/l/customJobs/1", "projects/p/locations/l/customJob/1",
      "projects/p/locations/l/customJobsX/1", "projects/p/locations/l/operations/1", ""})
  void onlyTheFiveSlashShapeWithAKnownCollectionIsAJobName(String notAJob) {
    assertThat(JobKind.isJobName(notAJob)).as(notAJob).isFalse();
    assertThat(JobKind.isJobName("projects/p/locations/l/customJobs/1")).isTrue();
    assertThat(JobKind.isJobName("projects/p/locations/l/tuningJobs/")).isTrue();
  }

  @Test
  void aStateNameMustMatchWholeAfterItsPrefix() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    assertThat(JobState.read(f.textNode("JOB_STATE_RUNNINGX"))).isEqualTo(JobState.UNRECOGNIZED);
    assertThat(JobState.read(f.textNode("JOB_STATE_RUN"))).isEqualTo(JobState.UNRECOGNIZED);
    assertThat(JobState.read(f.textNode("JOB_STATE_running"))).isEqualTo(JobState.UNRECOGNIZED);
    assertThat(JobState.read(f.textNode("PIPELINE_STATE_"))).isEqualTo(JobState.UNRECOGNIZED);
    assertThat(JobState.read(f.textNode("PIPELINE_STATE_JOB_STATE_RUNNING")))
        .isEqualTo(JobState.UNRECOGNIZED);
    assertThat(JobState.read(f.textNode("JOB_STATE_PARTIALLY_SUCCEEDED")))
        .isEqualTo(JobState.PARTIALLY_SUCCEEDED);
    assertThat(JobState.read(f.textNode("JOB_STATE_UNRECOGNIZED")))
        .isEqualTo(JobState.UNRECOGNIZED);
    assertThat(JobState.read(f.numberNode(-1))).isEqualTo(JobState.UNRECOGNIZED);
  }
}
