package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;
import dev.lropoller.internal.StringMaps;
import java.util.Map;

/**
 * A trained model: the {@code google.cloud.automl.v1.Model} response of a CreateModel operation.
 * Immutable; every field of the JSON is kept in {@link #json()}.
 */
public final class ModelRef extends NamedResource {
  static final String TYPE = "google.cloud.automl.v1.Model";
  private static final String[] DEPLOYMENT_STATES = {
    "DEPLOYMENT_STATE_UNSPECIFIED", "DEPLOYED", "UNDEPLOYED"
  };
  private static final ProtoField DATASET_ID = ProtoField.of("datasetId");
  private static final ProtoField DEPLOYMENT_STATE = ProtoField.of("deploymentState");
  private static final ProtoField LABELS = ProtoField.of("labels");

  private final String datasetId;
  private final String deploymentState;
  private final Map<String, String> labels;

  private ModelRef(JsonNode json) {
    super(json, "models", TYPE);
    try {
      this.datasetId = ProtoFields.string(json, DATASET_ID, "response");
      this.deploymentState =
          ProtoFields.enumName(json, DEPLOYMENT_STATE, "response", DEPLOYMENT_STATES);
      this.labels = StringMaps.read(json, LABELS, "response");
    } catch (JsonReadException e) {
      throw e.toUnexpected();
    }
  }

  /**
   * Reads a Model object (an {@code Any} with {@code "@type"} is fine).
   *
   * @param model the object; copied
   * @return the model
   * @throws UnexpectedResponseException (operation name {@code null}) if {@code model} is not an
   *     object, its name is not {@code projects/*&#47;locations/*&#47;models/*}, or a field has the
   *     wrong type; the message quotes the value
   */
  public static ModelRef fromJson(JsonNode model) {
    return new ModelRef(model == null ? null : model.deepCopy());
  }

  /** Reads a tree this class may keep (no copy), for {@link ResponseType}. */
  static ModelRef owning(JsonNode json) {
    return new ModelRef(json);
  }

  /**
   * The last segment of the name, such as {@code ICN123}.
   *
   * @return the model id
   */
  public String modelId() {
    return id();
  }

  /**
   * {@code datasetId}: the dataset the model was trained on.
   *
   * @return the id, {@code ""} when absent
   */
  public String datasetId() {
    return datasetId;
  }

  /**
   * {@code deploymentState} as its enum name; numbers are mapped (0
   * {@code DEPLOYMENT_STATE_UNSPECIFIED}, 1 {@code DEPLOYED}, 2 {@code UNDEPLOYED}), unknown
   * names pass through, unknown numbers give their decimal text.
   *
   * @return the state, {@code DEPLOYMENT_STATE_UNSPECIFIED} when absent
   */
  public String deploymentState() {
    return deploymentState;
  }

  /**
   * {@code labels}.
   *
   * @return an unmodifiable map in body order, empty when absent
   */
  public Map<String, String> labels() {
    return labels;
  }





  /** Short form, such as {@code "ModelRef{projects/p/locations/l/models/ICN1, DEPLOYED}"}. */
  @Override
  public String toString() {
    return "ModelRef{" + name() + (displayName().isEmpty() ? "" : " (" + displayName() + ")") + ", "
        + deploymentState + "}";
  }
}
