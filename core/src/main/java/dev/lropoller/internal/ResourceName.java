package dev.lropoller.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Splits {@code projects/{p}/locations/{l}/{collection}/{id}} names. Not API.
 */
public final class ResourceName {
  private static final ProtoField NAME = ProtoField.of("name");

  private ResourceName() {}

  /**
   * Reads the {@code name} of a resource object and checks its pattern.
   *
   * @param resource the resource JSON
   * @param collection the collection segment, such as {@code "models"}
   * @param typeName the proto type for messages, such as {@code google.cloud.automl.v1.Model}
   * @return {@code [name, project, location, id]}
   * @throws JsonReadException if the node is not an object or the name does not match
   *     {@code projects/*&#47;locations/*&#47;<collection>/*}, quoting it
   */
  public static String[] parse(JsonNode resource, String collection, String typeName) {
    if (resource == null || !resource.isObject()) {
      throw new JsonReadException(
          "expected a " + typeName + " object, got " + ProtoJson.render(resource));
    }
    String name = ProtoJson.string(resource, NAME, "");
    String[] s = name.split("/", 7); // at most 7 parts: a longer name fails the length check
    if (s.length != 6 || !"projects".equals(s[0]) || !"locations".equals(s[2])
        || !collection.equals(s[4]) || s[1].isEmpty() || s[3].isEmpty() || s[5].isEmpty()) {
      throw new JsonReadException("expected a " + typeName
          + " name like projects/*/locations/*/" + collection + "/*, got " + Texts.quote(name));
    }
    return new String[] {name, s[1], s[3], s[5]};
  }
}
