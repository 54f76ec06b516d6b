package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;

/**
 * A resource read from one JSON object whose {@code name} is
 * {@code projects/{project}/locations/{location}/{collection}/{id}}, such as a Model or a
 * Dataset: the name and its segments, read once when the value is made.
 */
public abstract class NamedResource extends JsonValue {
  /** {@code [name, project, location, id]}. */
  private final String[] name;

  /**
   * Reads and checks the name of {@code json}.
   *
   * @throws UnexpectedResponseException (operation name {@code null}) if {@code json} is not an
   *     object or its name is not in {@code collection}; the message quotes the value
   */
  NamedResource(JsonNode json, String collection, String typeName) {
    super(json);
    try {
      this.name = ResourceNames.parseResource(json, collection, typeName);
    } catch (JsonReadException e) {
      throw e.toUnexpected();
    }
  }

  /**
   * The full name, such as {@code projects/p/locations/us-central1/models/ICN123}.
   *
   * @return the name
   */
  public final String name() {
    return name[0];
  }

  /**
   * The project segment of the name.
   *
   * @return the project
   */
  public final String project() {
    return name[1];
  }

  /**
   * The location segment of the name.
   *
   * @return the location
   */
  public final String location() {
    return name[2];
  }

  /** The last segment of the name, for the subclass's own accessor. */
  final String id() {
    return name[3];
  }
}
