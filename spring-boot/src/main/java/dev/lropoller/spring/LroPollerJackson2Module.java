package dev.lropoller.spring;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * A Jackson 2 ({@code com.fasterxml.jackson}) module that writes {@code Operation},
 * {@code ModelRef}, {@code DatasetRef}, {@code BatchPredictResult}, {@code OperationMetadata} and
 * {@code RpcStatus} in their ProtoJSON shape, as the API sent them. Without it those types, which
 * have no bean getters, are written as {@code {}}. The starter registers it as a bean, which
 * Spring Boot adds to its Jackson 2 {@code ObjectMapper}; register it yourself on another mapper.
 */
public final class LroPollerJackson2Module extends SimpleModule {
  private static final long serialVersionUID = 1L;

  /** Creates the module. */
  public LroPollerJackson2Module() {
    super("lro-poller");
    for (Class<?> type : ProtoJsonShapes.TYPES) {
      register(type);
    }
  }

  private <T> void register(Class<T> type) {
    addSerializer(type, new ShapeSerializer<>(type));
  }

  private static final class ShapeSerializer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;

    ShapeSerializer(Class<T> type) {
      super(type);
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      JsonNode tree = ProtoJsonShapes.of(value);
      provider.defaultSerializeValue(tree, gen);
    }
  }
}
