package dev.lropoller.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lropoller.model.BatchPredictResult;
import dev.lropoller.model.ModelRef;
import dev.lropoller.model.RpcCode;
import dev.lropoller.model.RpcStatus;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import dev.lropoller.testing.emulator.StatusDetails;
import java.time.Duration;
import java.util.List;

/** The six scripted operations of part one, timed in multiples of one unit (1 s by default). */
final class MixCases {
  static final String MODEL_DISPLAY_NAME = "flowers_v1";
  static final String BAD_FIELD = "input_config.gcs_source.input_uris[0]";
  static final String BATCH_KEY = "max_bounding_box_count";

  private MixCases() {}

  static List<MixCase> all(Duration unit) {
    return List.of(
        new MixCase("import-dataset", "ImportData that succeeds",
            OperationScript.builder(AutoMlRpc.IMPORT_DATA).doneAfter(unit.multipliedBy(4)).build(),
            Outcome.COMPLETED, MixCase.completion(), MixCase.noCheck(), -1),
        new MixCase("train-model", "CreateModel that ends with a Model",
            OperationScript.builder(AutoMlRpc.CREATE_MODEL)
                .displayName(MODEL_DISPLAY_NAME).datasetId("ICN4561237890")
                .doneAfter(unit.multipliedBy(9)).build(),
            Outcome.MODEL, MixCase.model(), MixCases::checkModel, -1),
        new MixCase("import-bad-csv", "ImportData that fails with INVALID_ARGUMENT",
            OperationScript.builder(AutoMlRpc.IMPORT_DATA)
                .doneAfter(unit.multipliedBy(3))
                .failure(RpcCode.INVALID_ARGUMENT.number(),
                    "Invalid CSV file gs://demo-bucket/flowers.csv",
                    StatusDetails.badRequest(BAD_FIELD, "row 17: the label column is empty"))
                .build(),
            Outcome.FAILED, MixCase.completion(), MixCases::checkFailure, -1),
        new MixCase("deploy-model", "DeployModel that succeeds",
            OperationScript.builder(AutoMlRpc.DEPLOY_MODEL).doneAfter(unit.multipliedBy(6)).build(),
            Outcome.COMPLETED, MixCase.completion(), MixCase.noCheck(), -1),
        new MixCase("batch-predict", "BatchPredict that ends with a BatchPredictResult",
            OperationScript.builder(AutoMlRpc.BATCH_PREDICT)
                .doneAfter(unit.multipliedBy(7)).response(batchResult()).build(),
            Outcome.BATCH_RESULT, MixCase.batchPrediction(), MixCases::checkBatch, -1),
        new MixCase("train-cancelled", "CreateModel the demo cancels at 25%",
            OperationScript.builder(AutoMlRpc.CREATE_MODEL)
                .displayName("flowers_v2").doneAfter(unit.multipliedBy(20)).build(),
            Outcome.CANCELLED, MixCase.model(), MixCase.noCheck(), 25));
  }

  private static ObjectNode batchResult() {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("@type", "type.googleapis.com/google.cloud.automl.v1.BatchPredictResult");
    r.putObject("metadata").put(BATCH_KEY, "100");
    return r;
  }

  private static String checkModel(TypedOutcome o) {
    ModelRef m = (ModelRef) o.value();
    if (!MODEL_DISPLAY_NAME.equals(m.displayName())) {
      return "model displayName \"" + m.displayName() + "\", expected \"" + MODEL_DISPLAY_NAME + "\"";
    }
    if (m.modelId() == null || m.modelId().isEmpty()) {
      return "model has no id: " + m.name();
    }
    return null;
  }

  private static String checkFailure(TypedOutcome o) {
    RpcStatus s = o.status();
    if (s.code() != RpcCode.INVALID_ARGUMENT) {
      return "error code " + s.code() + ", expected INVALID_ARGUMENT";
    }
    boolean badRequest = s.details().stream().anyMatch(d ->
        d.path("@type").asText().endsWith("/google.rpc.BadRequest")
            && d.path("fieldViolations").path(0).path("field").asText().equals(BAD_FIELD));
    return badRequest ? null : "error details lack the BadRequest violation of " + BAD_FIELD;
  }

  private static String checkBatch(TypedOutcome o) {
    BatchPredictResult r = (BatchPredictResult) o.value();
    return "100".equals(r.metadata().get(BATCH_KEY)) ? null
        : "batch metadata " + r.metadata() + ", expected " + BATCH_KEY + "=100";
  }
}
