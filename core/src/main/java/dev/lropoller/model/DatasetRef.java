package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;

/**
 * A dataset: the {@code google.cloud.automl.v1.Dataset} response of a CreateDataset operation.
 * Immutable; every field of the JSON is kept in {@link #json()}.
 */
public final class DatasetRef extends NamedResource {
  static final String TYPE = "google.cloud.automl.v1.Dataset";
  private static final ProtoField DESCRIPTION = ProtoField.of("description");
  private static final ProtoField EXAMPLE_COUNT = ProtoField.of("exampleCount");

  private final String description;
  private final long exampleCount;

  private DatasetRef(JsonNode json) {
    super(json, "datasets", TYPE);
    try {
      this.description = ProtoFields.string(json, DESCRIPTION, "response");
      this.exampleCount = ProtoFields.int64(json, EXAMPLE_COUNT, "response");
    } catch (JsonReadException e) {
      throw e.toUnexpected();
    }
  }

  /**
   * Reads a Dataset object (an {@code Any} with {@code "@type"} is fine).
   *
   * @param dataset the object; copied
   * @return the dataset
   * @throws UnexpectedResponseException (operation name {@code null}) if {@code dataset} is not
   *     an object, its name is not {@code projects/*&#47;locations/*&#47;datasets/*}, or a field
   *     has the wrong type; the message quotes the value
   */
  public static DatasetRef fromJson(JsonNode dataset) {
    return new DatasetRef(dataset == null ? null : dataset.deepCopy());
  }

  /** Reads a tree this class may keep (no copy), for {@link ResponseType}. */
  static DatasetRef owning(JsonNode json) {
    return new DatasetRef(json);
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
   * {@code exampleCount}, given as a number or a decimal string.
   *
   * @return the count, 0 when absent
   */
  public long exampleCount() {
    return exampleCount;
  }





  /** Short form, such as {@code "DatasetRef{projects/p/locations/l/datasets/ICN4, 120 examples}"}. */
  @Override
  public String toString() {
    return "DatasetRef{" + name() + (displayName().isEmpty() ? "" : " (" + displayName() + ")")
        + ", " + exampleCount + " examples}";
  }
}
