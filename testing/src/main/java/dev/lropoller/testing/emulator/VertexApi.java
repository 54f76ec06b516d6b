package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The emulated Vertex AI backend: jobs (create, get, cancel, delete) and the operation-starting
 * methods of {@link VertexRpc}. Operations live in the shared {@link OperationStore}, so the
 * operation routes (GET, cancel, wait, delete, list) serve them as they serve AutoML's.
 */
final class VertexApi {
  private final VertexJobs jobs = new VertexJobs();
  private final OperationStore store;
  private final Supplier<Instant> now;
  private final JobScript defaultJobScript;
  private final Supplier<OperationScript> defaultProgress;

  VertexApi(OperationStore store, Supplier<Instant> now, JobScript defaultJobScript,
      Supplier<OperationScript> defaultProgress) {
    this.store = store;
    this.now = now;
    this.defaultJobScript = defaultJobScript;
    this.defaultProgress = defaultProgress;
  }

  VertexJobs jobs() {
    return jobs;
  }

  /** Answers a Vertex route (JOB_* or VERTEX_RPC). */
  Reply answer(Router.Route route, JsonNode body, boolean ints) {
    return switch (route.type()) {
      case JOB_CREATE -> createJob(route, body, ints);
      case JOB_GET -> withJob(route.target(), j -> Reply.json(200, VertexJobJson.render(j.poll(now.get()), ints)));
      case JOB_CANCEL -> withJob(route.target(), this::cancel);
      case JOB_DELETE -> withJob(route.target(), j -> {
        jobs.remove(j.name);
        return Reply.json(200, startOperation(VertexRpc.DELETE_RESOURCE, j.name, null, null, true).peek(now.get()).toJson(ints));
      });
      case VERTEX_RPC -> Reply.json(200, startOperation(route.vertexRpc(), route.target(), body, null, false)
          .peek(now.get()).toJson(ints));
      default -> throw new IllegalArgumentException("not a Vertex route: " + route);
    };
  }

  /** Vertex CreateDataset ({@code POST {parent}/datasets} with {@code metadataSchemaUri}). */
  Reply createDataset(String parent, JsonNode body, boolean ints) {
    return Reply.json(200, startOperation(VertexRpc.CREATE_DATASET, parent, body, null, false).peek(now.get()).toJson(ints));
  }

  /** Starts a job programmatically. */
  JobRun startJob(JobScript script) {
    return create(script, null);
  }

  /** Starts an operation programmatically. */
  OperationState startOperation(VertexOperationScript script) {
    return startOperation(script.rpc(), script.resource(), null, script, false);
  }

  private Reply createJob(Router.Route route, JsonNode body, boolean ints) {
    JobScript script;
    try {
      script = defaultJobScript.toBuilder().kind(route.job()).parent(route.target()).build();
    } catch (IllegalArgumentException e) {
      return ErrorReplies.invalidArgument("The emulator's job script does not fit " + route.job() + ": " + e.getMessage());
    }
    JobRun run = create(script, body);
    return Reply.json(200, VertexJobJson.render(run.peek(now.get()), ints));
  }

  private JobRun create(JobScript script, JsonNode body) {
    String id = store.nextVertexId();
    String name = script.parent() + "/" + script.kind().collection() + "/" + id;
    String displayNameKey = script.kind() == VertexJobKind.TUNING_JOB ? "tunedModelDisplayName" : "displayName";
    String displayName = text(body, displayNameKey, script.displayNameOrNull());
    Map<String, String> labels = new LinkedHashMap<>(script.labels());
    if (body != null && body.path("labels").isObject()) {
      body.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    }
    Map<String, String> echoed = new LinkedHashMap<>();
    for (String f : List.of("model", "baseModel", "modelId")) {
      String v = text(body, f, null);
      if (v != null) {
        echoed.put(f, v);
      }
    }
    JobRun run = new JobRun(name, id, script, now.get(), displayName, labels, echoed);
    jobs.put(run);
    return run;
  }

  private Reply cancel(JobRun j) {
    if (!j.cancel(now.get())) {
      String state = j.kind.wireName(j.peek(now.get()).state());
      return ErrorReplies.error(400, "FAILED_PRECONDITION",
          "Cannot cancel " + j.name + " in state " + state + ".", "FAILED_PRECONDITION", List.of());
    }
    return Reply.json(200, EmulatorJson.object());
  }

  private OperationState startOperation(
      VertexRpc rpc, String target, JsonNode body, VertexOperationScript script, boolean doneNow) {
    String owner = target;
    ObjectNode response = EmulatorJson.object();
    response.put("@type", EmulatorJson.TYPE_PREFIX + rpc.responseType());
    ObjectNode extra = EmulatorJson.object();
    String location = target.substring(0, nthSlash(target, 4));
    Instant t = now.get();
    switch (rpc) {
      case UPLOAD_MODEL -> {
        if (script == null) {
          owner = target + "/models/" + text(body, "modelId", store.nextVertexId());
        }
        response.put("model", owner);
        response.put("modelVersionId", "1");
      }
      case DEPLOY_MODEL -> {
        JsonNode dm = body == null ? null : body.path("deployedModel");
        ObjectNode deployed = response.putObject("deployedModel");
        deployed.put("id", store.nextVertexId().substring(0, 10));
        deployed.put("model", text(dm, "model", location + "/models/emulated-model"));
        deployed.put("modelVersionId", "1");
        String dn = text(dm, "displayName", null);
        if (dn != null) {
          deployed.put("displayName", dn);
        }
      }
      case CREATE_DATASET -> {
        if (script == null) {
          owner = target + "/datasets/" + store.nextVertexId();
        }
        response.put("name", owner);
        response.put("displayName", text(body, "displayName", "emulated-dataset"));
        response.put("metadataSchemaUri", text(body, "metadataSchemaUri",
            "gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml"));
        response.put("createTime", EmulatorJson.protoTimestamp(t));
        response.put("updateTime", EmulatorJson.protoTimestamp(t));
        response.put("etag", "AMEw9yP" + Integer.toHexString(owner.hashCode()));
      }
      case IMPORT_DATA -> { }
      case EXPORT_DATA -> {
        String dir = "gs://emulator-bucket/export-" + owner.substring(owner.lastIndexOf('/') + 1) + "/";
        extra.put("gcsOutputDirectory", dir);
        response.putArray("exportedFiles").add(dir + "data-00001-of-00001.jsonl");
      }
      case DELETE_RESOURCE -> { }
      default -> throw new IllegalStateException("unknown rpc " + rpc);
    }
    OperationScript progress = script != null ? script.progress() : defaultProgress.get();
    VertexOperationSpec spec = new VertexOperationSpec(
        rpc, extra, script != null ? script.partialFailures() : null);
    OperationState s = store.createVertex(owner, progress, spec, response, t);
    if (doneNow) {
      s.finish(t, null);
    }
    return s;
  }

  private Reply withJob(String name, java.util.function.Function<JobRun, Reply> f) {
    JobRun j = jobs.get(name);
    return j == null ? ErrorReplies.notFound("Job not found: " + name) : f.apply(j);
  }

  private static int nthSlash(String s, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = s.indexOf('/', at + 1);
      if (at < 0) {
        return s.length();
      }
    }
    return at;
  }

  private static String text(JsonNode body, String field, String fallback) {
    JsonNode n = body == null ? null : body.get(field);
    return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : fallback;
  }
}
