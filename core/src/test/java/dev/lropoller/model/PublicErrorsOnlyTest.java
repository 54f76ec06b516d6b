package dev.lropoller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lropoller.error.UnexpectedResponseException;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public parser reports a bad body as the public {@link UnexpectedResponseException}, with
 * the reader's message, never as the internal readers' own exception.
 */
class PublicErrorsOnlyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String MODEL = "projects/p/locations/l/models/ICN1";

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("Operation.parse(empty)", (Function<String, Object>) Operation::parse, "",
            "expected a JSON body, got an empty body"),
        Arguments.of("Operation.parse(truncated)", (Function<String, Object>) Operation::parse,
            "{\"name\":\"operations/1\",\"done\":tr", "malformed JSON"),
        Arguments.of("Operation.parse(wrong done)", (Function<String, Object>) Operation::parse,
            "{\"name\":\"operations/1\",\"done\":\"yes\"}", "operation operations/1: field done: expected a boolean"),
        Arguments.of("Operation.fromJson", tree(Operation::fromJson),
            "{\"name\":\"operations/1\",\"metadata\":{\"progressPercent\":\"half\"}}", "progressPercent"),
        Arguments.of("ModelRef.fromJson(name)", tree(ModelRef::fromJson),
            "{\"name\":\"models/1\"}", "expected a google.cloud.automl.v1.Model name like"),
        Arguments.of("ModelRef.fromJson(labels)", tree(ModelRef::fromJson),
            "{\"name\":\"" + MODEL + "\",\"labels\":{\"a\":[1]}}", "expected a map of strings"),
        Arguments.of("DatasetRef.fromJson", tree(DatasetRef::fromJson),
            "{\"name\":\"projects/p/locations/l/datasets/ICN2\",\"exampleCount\":\"many\"}", "exampleCount"),
        Arguments.of("BatchPredictResult.fromJson", tree(BatchPredictResult::fromJson),
            "{\"metadata\":[\"x\"]}", "field response.metadata: expected an object"),
        Arguments.of("RpcStatus.fromJson", tree(RpcStatus::fromJson),
            "{\"code\":3,\"details\":{\"a\":1}}", "field error.details: expected an array"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void aBadBodyIsAnUnexpectedResponseException(
      String parser, Function<String, Object> parse, String body, String fragment) {
    Throwable t = catchThrowable(() -> parse.apply(body));
    assertThat(t).isExactlyInstanceOf(UnexpectedResponseException.class).hasMessageContaining(fragment);
    assertThat(Stream.iterate(t, Objects::nonNull, Throwable::getCause))
        .as("no internal type in the cause chain either")
        .noneMatch(c -> c.getClass().getPackageName().equals("dev.lropoller.internal"));
  }

  private static Function<String, Object> tree(Function<JsonNode, Object> fromJson) {
    return body -> {
      try {
        return fromJson.apply(MAPPER.readTree(body));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    };
  }
}
