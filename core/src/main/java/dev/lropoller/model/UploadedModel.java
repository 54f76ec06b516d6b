package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;
import dev.lropoller.internal.ProtoJson;

/**
 * The {@code google.cloud.aiplatform.v1.UploadModelResponse} of a Vertex AI UploadModel operation:
 * the model's name and the id of the version the upload made. Immutable; every field of the JSON
 * is kept in {@link #json()}.
 */
public final class UploadedModel extends JsonValue {
  static final String TYPE = "google.cloud.aiplatform.v1.UploadModelResponse";
  private static final ProtoField MODEL = ProtoField.of("model");
  private static final ProtoField MODEL_VERSION_ID = ProtoField.of("modelVersionId");

  private final String[] model;
  private final String versionId;

  private UploadedModel(JsonNode json) {
    super(json);
    if (json == null || !json.isObject()) {
      throw new UnexpectedResponseException(
          null, "expected a " + TYPE + " object, got " + ProtoJson.render(json));
    }
    try {
      this.model = ResourceNames.parseName(
          ProtoFields.string(json, MODEL, "response"), "models", TYPE + ".model");
      this.versionId = ProtoFields.string(json, MODEL_VERSION_ID, "response");
    } catch (JsonReadException e) {
      throw e.toUnexpected();
    }
  }

  /**
   * Reads an UploadModelResponse object (an {@code Any} with {@code "@type"} is fine).
   *
   * @param response the object; copied
   * @return the result
   * @throws UnexpectedResponseException (operation name {@code null}) if {@code response} is not
   *     an object, its {@code model} is not {@code projects/*&#47;locations/*&#47;models/*}, or a
   *     field has the wrong type; the message quotes the value
   */
  public static UploadedModel fromJson(JsonNode response) {
    return new UploadedModel(response == null ? null : response.deepCopy());
  }

  /** Reads a tree this class may keep (no copy), for {@link ResponseType}. */
  static UploadedModel owning(JsonNode json) {
    return new UploadedModel(json);
  }

  /**
   * {@code model}: the full name, such as {@code projects/p/locations/us-central1/models/flowers}.
   *
   * @return the name
   */
  public String model() {
    return model[0];
  }

  /**
   * The project segment of {@link #model()}.
   *
   * @return the project
   */
  public String project() {
    return model[1];
  }

  /**
   * The location segment of {@link #model()}.
   *
   * @return the location
   */
  public String location() {
    return model[2];
  }

  /**
   * The last segment of {@link #model()}.
   *
   * @return the model id
   */
  public String modelId() {
    return model[3];
  }

  /**
   * {@code modelVersionId}: the version this upload created, such as {@code "1"}.
   *
   * @return the version id, {@code ""} when absent
   */
  public String modelVersionId() {
    return versionId;
  }





  /** Short form, such as {@code "UploadedModel{projects/p/locations/l/models/m@1}"}. */
  @Override
  public String toString() {
    return "UploadedModel{" + model[0] + (versionId.isEmpty() ? "" : "@" + versionId) + "}";
  }
}
