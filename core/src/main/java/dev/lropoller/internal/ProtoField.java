package dev.lropoller.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A proto field as it may appear in ProtoJSON: under its lowerCamelCase JSON name or its
 * original snake_case name. Immutable; make one per field as a constant. Not API.
 */
public final class ProtoField {
  private final String camel;
  private final String snake;

  private ProtoField(String camel) {
    this.camel = camel;
    this.snake = ProtoJson.snakeCase(camel);
  }

  /**
   * @param camel the lowerCamelCase JSON name, such as {@code "progressPercent"}
   * @return the field, also matching {@code "progress_percent"}
   */
  public static ProtoField of(String camel) {
    return new ProtoField(camel);
  }

  /**
   * The lowerCamelCase name, used in error messages.
   *
   * @return the JSON name
   */
  public String jsonName() {
    return camel;
  }

  /**
   * The field's value in {@code object}. The camelCase key wins when both are present. JSON
   * {@code null} counts as absent, as ProtoJSON says.
   *
   * @param object any node; non-objects have no fields
   * @return the value, or {@code null} when absent
   */
  public JsonNode get(JsonNode object) {
    if (object == null || !object.isObject()) {
      return null;
    }
    JsonNode v = object.get(camel);
    if (v == null || v.isNull()) {
      v = snake.equals(camel) ? null : object.get(snake);
    }
    return v == null || v.isNull() ? null : v;
  }

  @Override
  public String toString() {
    return camel;
  }
}
