package dev.lropoller.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.Binding;
import dev.lropoller.internal.ProtoJson;
import dev.lropoller.internal.Texts;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a finished operation's {@code response} should be and how to read it: an expected
 * {@code @type} and a mapping from the {@code Any} JSON to a Java value. Immutable.
 *
 * <p>{@link #read(Operation)} checks the {@code @type} exactly (the part after the last
 * {@code /}); only {@link #JSON} accepts any type.
 *
 * @param <T> the Java type of the result
 */
public final class ResponseType<T> {
  private static final String ANY = "*";
  private static final String EMPTY_TYPE = "google.protobuf.Empty";

  /** A {@code google.cloud.automl.v1.Model}, read as {@link ModelRef}. */
  public static final ResponseType<ModelRef> MODEL =
      new ResponseType<>(ModelRef.TYPE, true, ModelRef::owning, "ModelRef");

  /** A {@code google.cloud.automl.v1.Dataset}, read as {@link DatasetRef}. */
  public static final ResponseType<DatasetRef> DATASET =
      new ResponseType<>(DatasetRef.TYPE, true, DatasetRef::owning, "DatasetRef");

  /**
   * A {@code google.protobuf.Empty}, read as {@code null}. A done operation with neither error
   * nor response is accepted too, as some services send that, and so is an empty message of
   * another type (an object with only its {@code @type}), as Vertex AI answers ImportData with
   * {@code google.cloud.aiplatform.v1.ImportDataResponse {}}. A response of another type that
   * has fields is not.
   */
  public static final ResponseType<Void> EMPTY =
      new ResponseType<>(EMPTY_TYPE, false, node -> null, "Void");

  /** A {@code google.cloud.automl.v1.BatchPredictResult}, read as {@link BatchPredictResult}. */
  public static final ResponseType<BatchPredictResult> BATCH_PREDICT_RESULT = new ResponseType<>(
      BatchPredictResult.TYPE, true, BatchPredictResult::owning, "BatchPredictResult");

  /**
   * A Vertex AI {@code google.cloud.aiplatform.v1.UploadModelResponse}, read as
   * {@link UploadedModel} (the model's name and version id).
   */
  public static final ResponseType<UploadedModel> UPLOAD_MODEL = new ResponseType<>(
      UploadedModel.TYPE, true, UploadedModel::owning, "UploadedModel");

  /**
   * A Vertex AI {@code google.cloud.aiplatform.v1.DeployModelResponse}, read as
   * {@link DeployedModel} (its {@code deployedModel}).
   */
  public static final ResponseType<DeployedModel> DEPLOY_MODEL = new ResponseType<>(
      DeployedModel.TYPE, true, DeployedModel::owning, "DeployedModel");

  /**
   * A Vertex AI {@code google.cloud.aiplatform.v1.Dataset}, the response of Vertex's
   * CreateDataset, read as {@link VertexDataset}.
   */
  public static final ResponseType<VertexDataset> VERTEX_DATASET = new ResponseType<>(
      VertexDataset.TYPE, true, VertexDataset::owning, "VertexDataset");

  /**
   * Any {@code @type}: the response object as sent, with {@code "@type"}. A done operation
   * without a response is an error.
   */
  public static final ResponseType<JsonNode> JSON =
      new ResponseType<>(ANY, true, node -> node, "JsonNode");

  private final String typeName;
  private final boolean requiresBody;
  private final Function<? super JsonNode, ? extends T> mapper;
  private final Object identity;

  private ResponseType(String typeName, boolean requiresBody,
      Function<? super JsonNode, ? extends T> mapper, Object identity) {
    this.typeName = typeName;
    this.requiresBody = requiresBody;
    this.mapper = mapper;
    this.identity = identity;
  }

  /**
   * A response bound with Jackson to {@code type}: unknown properties are ignored and each
   * property is also accepted under its snake_case name. Jackson's default coercions apply, so
   * int64 strings bind to {@code long}; there is no {@code java.time} support (bind timestamps as
   * {@code String}). A well-known type in its special form ({@code {"@type":
   * "type.googleapis.com/google.protobuf.StringValue", "value": "x"}}) is bound from its
   * {@code value}.
   *
   * @param typeName the fully qualified proto name, such as {@code google.cloud.automl.v1.Model};
   *     a type URL ({@code type.googleapis.com/google.cloud.automl.v1.Model}) is accepted and
   *     cut to the part after the last {@code /}; {@code "*"} accepts any type
   * @param type the class to bind to
   * @param <T> the result type
   * @return the response type
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code typeName} is blank or contains whitespace,
   *     quoting it
   */
  public static <T> ResponseType<T> of(String typeName, Class<T> type) {
    Objects.requireNonNull(type, "type must not be null");
    String name = checkTypeName(typeName);
    ObjectReader reader = Binding.readerFor(type);
    Function<JsonNode, T> bind = node -> {
      try {
        return Binding.bind(reader, unwrapWellKnown(name, node));
      } catch (IOException e) {
        throw new UnexpectedResponseException(null, "cannot bind response of type " + name
            + " to " + type.getName() + ": " + Texts.excerpt(
                String.valueOf(e.getMessage()).lines().findFirst().orElse(""), 300, false), e);
      }
    };
    return new ResponseType<>(name, true, bind, type);
  }

  /**
   * A response read by {@code mapper}, which receives a copy of the response object (for a
   * well-known type in its special form, the {@code value}). A runtime exception it throws
   * becomes an {@link UnexpectedResponseException} naming the operation and the type, with the
   * exception as its cause; one from a model's {@code fromJson} (such as
   * {@link ModelRef#fromJson}) keeps its message.
   *
   * @param typeName as for {@link #of(String, Class)}
   * @param mapper the mapping; two response types are equal only with the same mapper instance
   * @param <T> the result type
   * @return the response type
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code typeName} is blank or contains whitespace,
   *     quoting it
   */
  public static <T> ResponseType<T> of(
      String typeName, Function<? super JsonNode, ? extends T> mapper) {
    Objects.requireNonNull(mapper, "mapper must not be null");
    String name = checkTypeName(typeName);
    return new ResponseType<>(name, true, node -> mapper.apply(unwrapWellKnown(name, node)), mapper);
  }

  private static String checkTypeName(String typeName) {
    Objects.requireNonNull(typeName, "typeName must not be null");
    String name = typeName.substring(typeName.lastIndexOf('/') + 1);
    if (name.isBlank() || name.chars().anyMatch(c -> Character.isWhitespace(c)
        || Character.isISOControl(c))) {
      throw new IllegalArgumentException("typeName must be a fully qualified proto name such as "
          + "\"google.cloud.automl.v1.Model\", got " + Texts.quote(typeName));
    }
    return name;
  }

  private static JsonNode unwrapWellKnown(String name, JsonNode any) {
    if (name.startsWith("google.protobuf.") && any.size() == 2 && any.has("@type")
        && any.has("value")) {
      return any.get("value");
    }
    return any;
  }

  /**
   * The expected type name.
   *
   * @return the fully qualified proto name, such as {@code google.cloud.automl.v1.Model};
   *     {@code "*"} for {@link #JSON}
   */
  public String typeName() {
    return typeName;
  }

  /**
   * Whether a done operation must carry a response.
   *
   * @return {@code false} only for {@link #EMPTY}
   */
  public boolean requiresBody() {
    return requiresBody;
  }

  /**
   * Reads the result of a finished, successful operation.
   *
   * @param done a snapshot with {@code done == true} and no {@code error}
   * @return the value; {@code null} for {@link #EMPTY}
   * @throws NullPointerException if {@code done} is null
   * @throws IllegalArgumentException if the operation is not done or has an error (the caller
   *     must handle those first)
   * @throws UnexpectedResponseException (with the operation name) if the response is missing
   *     where a body is needed ("done without a response"), its {@code @type} differs (naming
   *     both types), or it cannot be read
   */
  public T read(Operation done) {
    Objects.requireNonNull(done, "operation must not be null");
    String op = done.name();
    if (!done.done()) {
      throw new IllegalArgumentException("operation " + op + " is not done yet");
    }
    if (done.error().isPresent()) {
      throw new IllegalArgumentException(
          "operation " + op + " failed (" + done.error().get() + "); read only successful ones");
    }
    JsonNode response = done.responseNode();
    if (response == null) {
      if (requiresBody) {
        throw new UnexpectedResponseException(op, "operation " + op
            + " is done without a response; expected " + expected());
      }
      return null;
    }
    String actual = done.responseType().orElse(null);
    if (!ANY.equals(typeName) && !typeName.equals(actual)
        && !(!requiresBody && actual != null && response.size() == 1)) {
      throw new UnexpectedResponseException(op, "operation " + op + ": expected a response of "
          + expected() + ", got " + (actual == null
              ? "a response without @type: " + ProtoJson.render(response)
              : "@type " + actual + hint(actual)));
    }
    try {
      return mapper.apply(response.deepCopy());
    } catch (UnexpectedResponseException e) {
      throw new UnexpectedResponseException(op, "operation " + op + ": " + e.getMessage(),
          e.getCause() == null ? e : e.getCause());
    } catch (RuntimeException e) {
      throw new UnexpectedResponseException(op, "operation " + op + ": cannot read response of "
          + expected() + ": " + e, e);
    }
  }

  /** Names the built-in response type that reads {@code actual}, if there is one. */
  private static String hint(String actual) {
    String[][] builtIn = {
      {ModelRef.TYPE, "MODEL"}, {DatasetRef.TYPE, "DATASET"},
      {BatchPredictResult.TYPE, "BATCH_PREDICT_RESULT"}, {UploadedModel.TYPE, "UPLOAD_MODEL"},
      {DeployedModel.TYPE, "DEPLOY_MODEL"}, {VertexDataset.TYPE, "VERTEX_DATASET"},
      {EMPTY_TYPE, "EMPTY"}};
    for (String[] b : builtIn) {
      if (b[0].equals(actual)) {
        return " (read it with ResponseType." + b[1] + ")";
      }
    }
    return "";
  }

  private String expected() {
    return ANY.equals(typeName) ? "any @type" : "@type " + typeName;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ResponseType)) {
      return false;
    }
    ResponseType<?> that = (ResponseType<?>) o;
    return requiresBody == that.requiresBody && typeName.equals(that.typeName)
        && identity.equals(that.identity);
  }

  @Override
  public int hashCode() {
    return Objects.hash(typeName, requiresBody, identity);
  }

  /** Short form, such as {@code "ResponseType{google.cloud.automl.v1.Model -> ModelRef}"}. */
  @Override
  public String toString() {
    String target = identity instanceof Class ? ((Class<?>) identity).getSimpleName()
        : identity instanceof String ? (String) identity : "function";
    return "ResponseType{" + typeName + " -> " + target + "}";
  }
}
