package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Renders a {@link JobRun.JobView} as the ProtoJSON of its aiplatform v1 message, with the
 * kind's outcome fields: a TrainingPipeline's {@code modelToUpload.name} and {@code versionId}
 * once SUCCEEDED, a TuningJob's {@code tunedModel}, a BatchPredictionJob's {@code outputInfo} and
 * {@code completionStats}, trials of tuning and NAS jobs, a PipelineJob's {@code jobDetail}.
 * Default values are omitted, as Google's ProtoJSON does.
 */
final class VertexJobJson {
  private VertexJobJson() {}

  static JsonNode render(JobRun.JobView v, boolean ints) {
    JobRun job = v.job();
    ObjectNode o = EmulatorJson.object();
    o.put("name", job.name);
    if (job.displayName != null) {
      o.put(job.kind == VertexJobKind.TUNING_JOB ? "tunedModelDisplayName" : "displayName", job.displayName);
    }
    o.put("state", job.kind.wireName(v.state()));
    o.put("createTime", EmulatorJson.protoTimestamp(job.createTime));
    if (v.startTime() != null) {
      o.put("startTime", EmulatorJson.protoTimestamp(v.startTime()));
    }
    if (v.endTime() != null) {
      o.put("endTime", EmulatorJson.protoTimestamp(v.endTime()));
    }
    o.put("updateTime", EmulatorJson.protoTimestamp(v.updateTime()));
    if (!job.labels.isEmpty()) {
      ObjectNode labels = o.putObject("labels");
      job.labels.forEach(labels::put);
    }
    if (v.error() != null) {
      o.set("error", v.error());
    }
    String parent = job.name.substring(0, job.name.indexOf("/" + job.kind.collection() + "/"));
    switch (job.kind) {
      case TRAINING_PIPELINE -> trainingPipeline(o, v, parent);
      case PIPELINE_JOB -> pipelineJob(o, v);
      case CUSTOM_JOB -> o.set("jobSpec", jobSpec());
      case HYPERPARAMETER_TUNING_JOB -> tuningTrials(o, v);
      case NAS_JOB -> nas(o, v);
      case BATCH_PREDICTION_JOB -> batchPrediction(o, v, parent);
      case TUNING_JOB -> tuning(o, v, parent);
      default -> throw new IllegalStateException("unknown kind " + job.kind);
    }
    return ints ? EmulatorJson.enumsAsInts(o) : o;
  }

  private static void trainingPipeline(ObjectNode o, JobRun.JobView v, String parent) {
    JobRun job = v.job();
    o.put("trainingTaskDefinition",
        "gs://google-cloud-aiplatform/schema/trainingjob/definition/custom_task_1.0.0.yaml");
    String modelId = job.echoed.getOrDefault("modelId", "model-" + job.id);
    o.put("modelId", modelId);
    ObjectNode model = o.putObject("modelToUpload");
    model.put("displayName", job.displayName != null ? job.displayName : modelId);
    if (v.state() == JobState.SUCCEEDED) {
      model.put("name", parent + "/models/" + modelId);
      model.put("versionId", "1");
    }
  }

  private static void pipelineJob(ObjectNode o, JobRun.JobView v) {
    if (!v.started()) {
      return;
    }
    ArrayNode tasks = o.putObject("jobDetail").putArray("taskDetails");
    ObjectNode task = tasks.addObject();
    task.put("taskId", Long.toString(Math.abs(v.job().id.hashCode()) + 1L));
    task.put("taskName", "train");
    task.put("createTime", EmulatorJson.protoTimestamp(v.startTime() != null ? v.startTime() : v.job().createTime));
  }

  private static ObjectNode jobSpec() {
    ObjectNode spec = EmulatorJson.object();
    ObjectNode pool = spec.putArray("workerPoolSpecs").addObject();
    pool.put("replicaCount", "1");
    pool.putObject("machineSpec").put("machineType", "n1-standard-8");
    pool.putObject("containerSpec").put("imageUri", "us-docker.pkg.dev/vertex-ai/training/emulated:latest");
    return spec;
  }

  private static void tuningTrials(ObjectNode o, JobRun.JobView v) {
    ObjectNode study = o.putObject("studySpec");
    study.putArray("metrics").addObject().put("metricId", "accuracy").put("goal", "MAXIMIZE");
    study.putArray("parameters").addObject().put("parameterId", "learning_rate")
        .putObject("doubleValueSpec").put("minValue", 0.0001).put("maxValue", 0.1);
    o.put("maxTrialCount", 2);
    o.put("parallelTrialCount", 2);
    o.set("trialJobSpec", jobSpec());
    if (v.started()) {
      ArrayNode trials = o.putArray("trials");
      for (int i = 1; i <= 2; i++) {
        trials.add(trial(Integer.toString(i), v.state().isEnd(), 0.9 + i / 100.0));
      }
    }
  }

  private static void nas(ObjectNode o, JobRun.JobView v) {
    if (!v.state().isEnd() || v.state() == JobState.FAILED || v.state() == JobState.CANCELLED) {
      return;
    }
    ObjectNode out = o.putObject("nasJobOutput").putObject("multiTrialJobOutput");
    out.putArray("searchTrials").add(trial("1", true, 0.91));
    out.putArray("trainTrials").add(trial("2", true, 0.93));
  }

  private static ObjectNode trial(String id, boolean done, double value) {
    ObjectNode t = EmulatorJson.object();
    t.put("id", id);
    t.put("state", done ? "SUCCEEDED" : "ACTIVE");
    if (done) {
      ObjectNode m = t.putObject("finalMeasurement");
      m.put("stepCount", "100");
      m.putArray("metrics").addObject().put("metricId", "accuracy").put("value", value);
    }
    return t;
  }

  private static void batchPrediction(ObjectNode o, JobRun.JobView v, String parent) {
    JobRun job = v.job();
    o.put("model", job.echoed.getOrDefault("model", parent + "/models/emulated-model"));
    o.put("modelVersionId", "1");
    if (!v.started()) {
      return;
    }
    Instant at = v.startTime() != null ? v.startTime() : job.createTime;
    o.putObject("outputInfo").put("gcsOutputDirectory",
        "gs://emulator-bucket/prediction-" + job.id + "-" + EmulatorJson.protoTimestamp(at));
    JobState s = v.state();
    if (s == JobState.SUCCEEDED || s == JobState.PARTIALLY_SUCCEEDED) {
      ObjectNode stats = o.putObject("completionStats");
      stats.put("successfulCount", s == JobState.SUCCEEDED ? "1000" : "990");
      if (s == JobState.PARTIALLY_SUCCEEDED) {
        stats.put("failedCount", "10");
        o.putArray("partialFailures").add(
            OperationScript.statusJson(3, "10 instances could not be parsed (emulated)."));
      }
    }
  }

  private static void tuning(ObjectNode o, JobRun.JobView v, String parent) {
    JobRun job = v.job();
    o.put("baseModel", job.echoed.getOrDefault("baseModel", "gemini-2.0-flash-001"));
    o.putObject("supervisedTuningSpec").put("trainingDatasetUri", "gs://emulator-bucket/train.jsonl");
    if (v.state() == JobState.SUCCEEDED) {
      ObjectNode tuned = o.putObject("tunedModel");
      tuned.put("model", parent + "/models/" + job.id + "@1");
      tuned.put("endpoint", parent + "/endpoints/" + job.id);
    }
  }
}
