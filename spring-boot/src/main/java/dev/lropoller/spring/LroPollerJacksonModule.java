package dev.lropoller.spring;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * A Jackson 3 ({@code tools.jackson}) module, the one Spring Boot 4's web codecs use, that writes
 * {@code Operation}, {@code ModelRef}, {@code DatasetRef}, {@code BatchPredictResult},
 * {@code OperationMetadata} and {@code RpcStatus} in their ProtoJSON shape, as the API sent them.
 * Without it a controller returning those types, which have no bean getters, answers
 * {@code {}}. The starter registers it as a bean, which Spring Boot adds to its
 * {@code JsonMapper}; register it yourself on another mapper.
 */
public final class LroPollerJacksonModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  /** Creates the module. */
  public LroPollerJacksonModule() {
    super("lro-poller");
    for (Class<?> type : ProtoJsonShapes.TYPES) {
      register(type);
    }
  }

  private <T> void register(Class<T> type) {
    addSerializer(type, new ShapeSerializer<>(type));
  }

  private static final class ShapeSerializer<T> extends StdSerializer<T> {
    ShapeSerializer(Class<T> type) {
      super(type);
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializationContext ctxt) {
      write(ProtoJsonShapes.of(value), gen);
    }
  }

  /** Copies a Jackson 2 tree token by token to a Jackson 3 generator. */
  static void write(JsonNode node, JsonGenerator gen) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        gen.writeStartObject();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          gen.writeName(field.getKey());
          write(field.getValue(), gen);
        }
        gen.writeEndObject();
      }
      case ARRAY -> {
        gen.writeStartArray();
        for (JsonNode element : node) {
          write(element, gen);
        }
        gen.writeEndArray();
      }
      case STRING -> gen.writeString(node.textValue());
      case NUMBER -> writeNumber(node, gen);
      case BOOLEAN -> gen.writeBoolean(node.booleanValue());
      case NULL, MISSING -> gen.writeNull();
      default -> gen.writeString(node.asText());
    }
  }

  private static void writeNumber(JsonNode node, JsonGenerator gen) {
    if (node.isInt() || node.isShort()) {
      gen.writeNumber(node.intValue());
    } else if (node.isLong()) {
      gen.writeNumber(node.longValue());
    } else if (node.isBigInteger()) {
      gen.writeNumber(node.bigIntegerValue());
    } else if (node.isBigDecimal()) {
      gen.writeNumber(node.decimalValue());
    } else if (node.isFloat()) {
      gen.writeNumber(node.floatValue());
    } else {
      gen.writeNumber(node.doubleValue());
    }
  }
}
