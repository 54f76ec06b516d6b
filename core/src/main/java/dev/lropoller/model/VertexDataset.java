package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;
import dev.lropoller.internal.StringMaps;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A Vertex AI dataset: the {@code google.cloud.aiplatform.v1.Dataset} response of a Vertex
 * CreateDataset operation (AutoML's is {@link DatasetRef}). Immutable; every field of the JSON is
 * kept in {@link #json()}.
 */
public final class VertexDataset extends NamedResource {
  static final String TYPE = "google.cloud.aiplatform.v1.Dataset";
  private static final ProtoField DESCRIPTION = ProtoField.of("description");
  private static final ProtoField METADATA_SCHEMA_URI = ProtoField.of("metadataSchemaUri");
  private static final ProtoField DATA_ITEM_COUNT = ProtoField.of("dataItemCount");
  private static final ProtoField UPDATE_TIME = ProtoField.of("updateTime");
  private static final ProtoField LABELS = ProtoField.of("labels");

  private final String description;
  private final String metadataSchemaUri;
  private final long dataItemCount;
  private final Optional<Instant> updateTime;
  private final Map<String, String> labels;

  private VertexDataset(JsonNode json) {
    super(json, "datasets", TYPE);
    try {
      this.description = ProtoFields.string(json, DESCRIPTION, "response");
      this.metadataSchemaUri = ProtoFields.string(json, METADATA_SCHEMA_URI, "response");
      this.dataItemCount = ProtoFields.int64(json, DATA_ITEM_COUNT, "response");
      this.updateTime = ProtoFields.timestamp(json, UPDATE_TIME, "response");
      this.labels = StringMaps.read(json, LABELS, "response");
    } catch (JsonReadException e) {
      throw e.toUnexpected();
    }
  }

  /**
   * Reads a Vertex Dataset object (an {@code Any} with {@code "@type"} is fine).
   *
   * @param dataset the object; copied
   * @return the dataset
   * @throws UnexpectedResponseException (operation name {@code null}) if {@code dataset} is not
   *     an object, its name is not {@code projects/*&#47;locations/*&#47;datasets/*}, or a field
   *     has the wrong type; the message quotes the value
   */
  public static VertexDataset fromJson(JsonNode dataset) {
    return new VertexDataset(dataset == null ? null : dataset.deepCopy());
  }

  /** Reads a tree this class may keep (no copy), for {@link ResponseType}. */
  static VertexDataset owning(JsonNode json) {
    return new VertexDataset(json);
  }

  /**
   * The last segment of the name.
   *
   * @return the dataset id
   */
  public String datasetId() {
    return id();
  }

  /**
   * {@code description}.
   *
   * @return the description, {@code ""} when absent
   */
  public String description() {
    return description;
  }

  /**
   * {@code metadataSchemaUri}: the schema of the dataset's metadata, which says its data type
   * (image, text, tabular, ...).
   *
   * @return the URI, {@code ""} when absent
   */
  public String metadataSchemaUri() {
    return metadataSchemaUri;
  }

  /**
   * {@code dataItemCount}, given as a number or a decimal string.
   *
   * @return the count, 0 when absent
   */
  public long dataItemCount() {
    return dataItemCount;
  }

  /**
   * {@code updateTime}.
   *
   * @return the time, empty when absent
   */
  public Optional<Instant> updateTime() {
    return updateTime;
  }

  /**
   * {@code labels}.
   *
   * @return an unmodifiable map in body order, empty when absent
   */
  public Map<String, String> labels() {
    return labels;
  }





  /** Short form, such as {@code "VertexDataset{projects/p/locations/l/datasets/1 (flowers)}"}. */
  @Override
  public String toString() {
    return "VertexDataset{" + name() + (displayName().isEmpty() ? "" : " (" + displayName() + ")") + "}";
  }
}
