package dev.lropoller.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Jackson binding of response messages to user classes: unknown properties ignored, and every
 * property also accepted under its snake_case name (ProtoJSON parsers must accept the proto
 * field name). Not API.
 */
public final class Binding {
  private static final ObjectMapper BINDER = new ObjectMapper()
      .setAnnotationIntrospector(new SnakeCaseAliases())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Binding() {}

  /**
   * A reader for {@code type}; cache it.
   *
   * @param type the target class
   * @return the reader
   */
  public static ObjectReader readerFor(Class<?> type) {
    return BINDER.readerFor(type);
  }

  /**
   * Binds a tree.
   *
   * @param reader from {@link #readerFor(Class)}
   * @param node the tree
   * @param <T> the target type
   * @return the value
   * @throws IOException when Jackson cannot bind the tree
   */
  public static <T> T bind(ObjectReader reader, JsonNode node) throws IOException {
    return reader.readValue(node);
  }

  /** Adds the snake_case form of each property's name as an alias. */
  private static final class SnakeCaseAliases extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public List<PropertyName> findPropertyAliases(Annotated member) {
      List<PropertyName> declared = super.findPropertyAliases(member);
      String name = propertyName(member);
      if (name == null) {
        return declared;
      }
      String snake = ProtoJson.snakeCase(name);
      if (snake.equals(name)) {
        return declared;
      }
      List<PropertyName> out = declared == null ? new ArrayList<>(1) : new ArrayList<>(declared);
      out.add(PropertyName.construct(snake));
      return out;
    }

    private String propertyName(Annotated member) {
      PropertyName explicit = super.findNameForDeserialization(member);
      if (explicit != null && explicit.hasSimpleName()) {
        return explicit.getSimpleName();
      }
      if (member instanceof AnnotatedField) {
        return member.getName();
      }
      if (member instanceof AnnotatedMethod) {
        String m = member.getName();
        if (m.length() > 3 && m.startsWith("set") && ((AnnotatedMethod) member).getParameterCount() == 1) {
          return Character.toLowerCase(m.charAt(3)) + m.substring(4);
        }
        return null;
      }
      if (member instanceof AnnotatedParameter) {
        AnnotatedParameter p = (AnnotatedParameter) member;
        Class<?> owner = p.getDeclaringClass();
        if (owner.isRecord()) {
          RecordComponent[] rc = owner.getRecordComponents();
          if (p.getIndex() < rc.length) {
            return rc[p.getIndex()].getName();
          }
        }
      }
      return null;
    }
  }
}
