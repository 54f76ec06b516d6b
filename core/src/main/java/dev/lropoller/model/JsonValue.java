package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A model value read from one JSON object of an answer (an operation, a Model, a Dataset, ...),
 * which it keeps as sent: {@link #json()} gives the tree, {@link #rawJson()} the text. Two values
 * of one type are equal when their JSON trees are equal.
 */
public abstract class JsonValue {
  /**
   * The object as sent; never handed out without a copy. {@code null} only for a value that
   * builds its tree when first asked, by overriding {@link #tree()}.
   */
  final JsonNode json;

  JsonValue(JsonNode json) {
    this.json = json;
  }

  /**
   * The tree that {@link #json()}, {@link #rawJson()}, {@code equals} and {@code hashCode} read:
   * {@link #json} unless a subclass builds it later. Never handed out without a copy.
   */
  JsonNode tree() {
    return json;
  }

  /**
   * The JSON object this value was read from, as sent.
   *
   * @return a copy of its tree
   */
  public final JsonNode json() {
    return tree().deepCopy();
  }

  /**
   * The same object as compact JSON text, fields in the order the API sent them. For code that
   * reads JSON with a library of its own choice, such as Jackson 3 in a Spring Boot 4
   * application, without touching the Jackson 2 type of {@link #json()}. Each call makes a new
   * string.
   *
   * @return the JSON text of {@link #json()}
   */
  public final String rawJson() {
    return tree().toString();
  }

  /** Equal when {@code o} is of the same type and its JSON tree is equal to this one's. */
  @Override
  public final boolean equals(Object o) {
    return this == o
        || (o != null && o.getClass() == getClass() && tree().equals(((JsonValue) o).tree()));
  }

  /** The hash of the JSON tree. */
  @Override
  public final int hashCode() {
    return tree().hashCode();
  }
}
