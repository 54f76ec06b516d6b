package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;
import dev.lropoller.internal.ProtoJson;

/**
 * The deployed model of a Vertex AI DeployModel operation: its
 * {@code google.cloud.aiplatform.v1.DeployModelResponse} is {@code {"deployedModel": {...}}}, and
 * this class reads that {@code deployedModel}. Immutable; the whole response is kept in
 * {@link #json()}.
 */
public final class DeployedModel extends JsonValue {
  static final String TYPE = "google.cloud.aiplatform.v1.DeployModelResponse";
  private static final ProtoField DEPLOYED_MODEL = ProtoField.of("deployedModel");
  private static final ProtoField ID = ProtoField.of("id");
  private static final ProtoField MODEL = ProtoField.of("model");
  private static final ProtoField MODEL_VERSION_ID = ProtoField.of("modelVersionId");
  private static final ProtoField DISPLAY_NAME = ProtoField.of("displayName");
  private static final String PATH = "response.deployedModel";

  private final String id;
  private final String model;
  private final String versionId;
  private final String displayName;

  private DeployedModel(JsonNode json) {
    super(json);
    if (json == null || !json.isObject()) {
      throw new UnexpectedResponseException(
          null, "expected a " + TYPE + " object, got " + ProtoJson.render(json));
    }
    try {
      JsonNode deployed = ProtoFields.message(json, DEPLOYED_MODEL, "response");
      if (deployed == null) {
        throw new JsonReadException(
            "expected a " + TYPE + " with a deployedModel, got " + ProtoJson.render(json));
      }
      this.id = ProtoFields.string(deployed, ID, PATH);
      if (id.isEmpty()) {
        throw new JsonReadException("expected " + PATH + ".id, got " + ProtoJson.render(deployed));
      }
      this.model = ProtoFields.string(deployed, MODEL, PATH);
      this.versionId = ProtoFields.string(deployed, MODEL_VERSION_ID, PATH);
      this.displayName = ProtoFields.string(deployed, DISPLAY_NAME, PATH);
    } catch (JsonReadException e) {
      throw e.toUnexpected();
    }
  }

  /**
   * Reads a DeployModelResponse object (an {@code Any} with {@code "@type"} is fine).
   *
   * @param response the object; copied
   * @return the deployed model
   * @throws UnexpectedResponseException (operation name {@code null}) if {@code response} is not
   *     an object, has no {@code deployedModel} object or no {@code deployedModel.id}, or a field
   *     has the wrong type; the message quotes the value
   */
  public static DeployedModel fromJson(JsonNode response) {
    return new DeployedModel(response == null ? null : response.deepCopy());
  }

  /** Reads a tree this class may keep (no copy), for {@link ResponseType}. */
  static DeployedModel owning(JsonNode json) {
    return new DeployedModel(json);
  }

  /**
   * {@code deployedModel.id}: the id of the deployment on its endpoint, such as
   * {@code "7012345678"}.
   *
   * @return the id, never empty
   */
  public String id() {
    return id;
  }

  /**
   * {@code deployedModel.model}: the name of the model deployed, such as
   * {@code projects/p/locations/us-central1/models/flowers}.
   *
   * @return the name, {@code ""} when absent
   */
  public String model() {
    return model;
  }

  /**
   * {@code deployedModel.modelVersionId}: the version deployed.
   *
   * @return the version id, {@code ""} when absent
   */
  public String modelVersionId() {
    return versionId;
  }

  /**
   * {@code deployedModel.displayName}.
   *
   * @return the display name, {@code ""} when absent
   */
  public String displayName() {
    return displayName;
  }





  /** Short form, such as {@code "DeployedModel{7012345678: projects/p/locations/l/models/m@1}"}. */
  @Override
  public String toString() {
    return "DeployedModel{" + id + ": " + model + (versionId.isEmpty() ? "" : "@" + versionId) + "}";
  }
}
