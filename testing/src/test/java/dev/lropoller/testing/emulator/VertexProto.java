package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.aiplatform.v1.BatchPredictionJob;
import com.google.cloud.aiplatform.v1.CreateDatasetOperationMetadata;
import com.google.cloud.aiplatform.v1.CustomJob;
import com.google.cloud.aiplatform.v1.Dataset;
import com.google.cloud.aiplatform.v1.DeleteOperationMetadata;
import com.google.cloud.aiplatform.v1.DeployModelOperationMetadata;
import com.google.cloud.aiplatform.v1.DeployModelResponse;
import com.google.cloud.aiplatform.v1.ExportDataOperationMetadata;
import com.google.cloud.aiplatform.v1.ExportDataResponse;
import com.google.cloud.aiplatform.v1.HyperparameterTuningJob;
import com.google.cloud.aiplatform.v1.ImportDataOperationMetadata;
import com.google.cloud.aiplatform.v1.ImportDataResponse;
import com.google.cloud.aiplatform.v1.NasJob;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.TrainingPipeline;
import com.google.cloud.aiplatform.v1.TuningJob;
import com.google.cloud.aiplatform.v1.UploadModelOperationMetadata;
import com.google.cloud.aiplatform.v1.UploadModelResponse;
import com.google.longrunning.Operation;
import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import java.util.List;

/**
 * Google's aiplatform v1 message classes as judges of the emulator's JSON: strict parsing (unknown
 * fields rejected) and printing back to the same JSON tree.
 */
final class VertexProto {
  /** Every metadata and response type a Vertex operation of the emulator can carry. */
  static final TypeRegistry TYPES = TypeRegistry.newBuilder().add(List.of(
      UploadModelOperationMetadata.getDescriptor(), UploadModelResponse.getDescriptor(),
      DeployModelOperationMetadata.getDescriptor(), DeployModelResponse.getDescriptor(),
      CreateDatasetOperationMetadata.getDescriptor(), Dataset.getDescriptor(),
      ImportDataOperationMetadata.getDescriptor(), ImportDataResponse.getDescriptor(),
      ExportDataOperationMetadata.getDescriptor(), ExportDataResponse.getDescriptor(),
      DeleteOperationMetadata.getDescriptor(), Empty.getDescriptor())).build();

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private VertexProto() {}

  /** A fresh builder of the message a job kind is. */
  static Message.Builder builderFor(VertexJobKind kind) {
    return switch (kind) {
      case TRAINING_PIPELINE -> TrainingPipeline.newBuilder();
      case PIPELINE_JOB -> PipelineJob.newBuilder();
      case CUSTOM_JOB -> CustomJob.newBuilder();
      case HYPERPARAMETER_TUNING_JOB -> HyperparameterTuningJob.newBuilder();
      case NAS_JOB -> NasJob.newBuilder();
      case BATCH_PREDICTION_JOB -> BatchPredictionJob.newBuilder();
      case TUNING_JOB -> TuningJob.newBuilder();
    };
  }

  /**
   * Parses {@code json} strictly into {@code builder}'s message, prints it back (enums as numbers
   * when {@code ints}) and asserts the printed JSON is the same tree.
   */
  @SuppressWarnings("unchecked")
  static <M extends Message> M roundTrip(String json, Message.Builder builder, boolean ints) {
    try {
      JsonFormat.parser().usingTypeRegistry(TYPES).merge(json, builder);
      Message m = builder.build();
      JsonFormat.Printer printer = JsonFormat.printer().usingTypeRegistry(TYPES);
      if (ints) {
        printer = printer.printingEnumsAsInts();
      }
      assertThat(MAPPER.readTree(printer.print(m))).as("printed back: %s", json).isEqualTo(MAPPER.readTree(json));
      return (M) m;
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not a valid " + builder.getDescriptorForType().getFullName() + ": " + e.getMessage()
          + "\n" + json, e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** {@link #roundTrip} into a {@code google.longrunning.Operation}. */
  static Operation operation(String json, boolean ints) {
    return roundTrip(json, Operation.newBuilder(), ints);
  }
}
