package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;
import java.time.Instant;
import java.util.Optional;

/**
 * A resource read from one JSON object whose {@code name} is
 * {@code projects/{project}/locations/{location}/{collection}/{id}}, such as a Model or a
 * Dataset: the name and its segments, its {@code displayName} and its {@code createTime}, read
 * once when the value is made.
 */
public abstract class NamedResource extends JsonValue {
  private static final ProtoField DISPLAY_NAME = ProtoField.of("displayName");
  private static final ProtoField CREATE_TIME = ProtoField.of("createTime");

  /** {@code [name, project, location, id]}. */
  private final String[] name;
  private final String displayName;
  private final Optional<Instant> createTime;

  /**
   * Reads and checks the name of {@code json}.
   *
   * @throws UnexpectedResponseException (operation name {@code null}) if {@code json} is not an
   *     object, its name is not in {@code collection}, or one of these fields has the wrong type;
   *     the message quotes the value
   */
  NamedResource(JsonNode json, String collection, String typeName) {
    super(json);
    try {
      this.name = ResourceNames.parseResource(json, collection, typeName);
      this.displayName = ProtoFields.string(json, DISPLAY_NAME, "response");
      this.createTime = ProtoFields.timestamp(json, CREATE_TIME, "response");
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

  /**
   * {@code displayName}.
   *
   * @return the display name, {@code ""} when absent
   */
  public final String displayName() {
    return displayName;
  }

  /**
   * {@code createTime}.
   *
   * @return the time, empty when absent
   */
  public final Optional<Instant> createTime() {
    return createTime;
  }

  /** The last segment of the name, for the subclass's own accessor. */
  final String id() {
    return name[3];
  }
}
