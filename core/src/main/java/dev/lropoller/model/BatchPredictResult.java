package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoJson;
import dev.lropoller.internal.StringMaps;
import java.util.Map;

/**
 * The {@code google.cloud.automl.v1.BatchPredictResult} response of a BatchPredict operation:
 * {@code {"metadata": {string: string}}}. The predictions themselves are written to the output
 * directory ({@link OperationMetadata#outputDirectory()}). Immutable.
 */
public final class BatchPredictResult extends JsonValue {
  static final String TYPE = "google.cloud.automl.v1.BatchPredictResult";
  private static final ProtoField METADATA = ProtoField.of("metadata");

  private final Map<String, String> metadata;

  private BatchPredictResult(JsonNode json) {
    super(json);
    if (json == null || !json.isObject()) {
      throw new UnexpectedResponseException(
          null, "expected a " + TYPE + " object, got " + ProtoJson.render(json));
    }
    try {
      this.metadata = StringMaps.read(json, METADATA, "response");
    } catch (JsonReadException e) {
      throw e.toUnexpected();
    }
  }

  /**
   * Reads a BatchPredictResult object (an {@code Any} with {@code "@type"} is fine).
   *
   * @param result the object; copied
   * @return the result
   * @throws UnexpectedResponseException (operation name {@code null}) if {@code result} is not
   *     an object or {@code metadata} is not a map of strings, quoting it
   */
  public static BatchPredictResult fromJson(JsonNode result) {
    return new BatchPredictResult(result == null ? null : result.deepCopy());
  }

  /** Reads a tree this class may keep (no copy), for {@link ResponseType}. */
  static BatchPredictResult owning(JsonNode json) {
    return new BatchPredictResult(json);
  }

  /**
   * {@code metadata}, such as {@code {"explanation_examples": ...}}.
   *
   * @return an unmodifiable map in body order, empty when absent
   */
  public Map<String, String> metadata() {
    return metadata;
  }





  /** Short form, such as {@code "BatchPredictResult{metadata={k=v}}"}. */
  @Override
  public String toString() {
    return "BatchPredictResult{metadata=" + metadata + "}";
  }
}
