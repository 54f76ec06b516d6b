package dev.lropoller.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads proto {@code map<string, string>} fields. Not API. */
public final class StringMaps {
  private StringMaps() {}

  /**
   * Reads a map field; scalar values (numbers, booleans) are read as text.
   *
   * @param object the message
   * @param field the field
   * @param path the message's path for errors
   * @return an unmodifiable map in body order, empty when absent
   * @throws JsonReadException if the field is not an object or a value
   *     is not a scalar, quoting it
   */
  public static Map<String, String> read(JsonNode object, ProtoField field, String path) {
    JsonNode m = ProtoFields.message(object, field, path);
    if (m == null || m.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : m.properties()) {
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      if (!v.isValueNode()) {
        throw ProtoFields.wrongType(path, field, "a map of strings", m);
      }
      out.put(e.getKey(), v.asText());
    }
    return Collections.unmodifiableMap(out);
  }
}
