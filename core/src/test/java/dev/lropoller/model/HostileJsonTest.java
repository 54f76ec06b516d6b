package dev.lropoller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.ProtoJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile bodies at the parse level: each one is refused with an
 * {@link UnexpectedResponseException} that says why (never a StackOverflowError, an
 * OutOfMemoryError, another runtime exception or a hang), or, where the wire rules allow it, read.
 * The class-wide 30 s timeout (junit-platform.properties) turns a hang into a failure.
 */
class HostileJsonTest {
  static final String NAME = "projects/p/locations/l/operations/ICN1";
  private static final String OP = "{\"name\": \"" + NAME + "\", ";

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Both parse forms refuse {@code body}; the messages contain {@code fragment}. */
  static void refused(String body, String fragment) {
    for (Throwable t : new Throwable[] {
        catchThrowable(() -> Operation.parse(body)),
        catchThrowable(() -> Operation.parse(utf8(body)))}) {
      assertThat(t).as("parse of %s", excerpt(body)).isInstanceOf(UnexpectedResponseException.class);
      assertThat(t.getMessage()).contains(fragment).hasSizeLessThan(1000);
    }
  }

  static UnexpectedResponseException refusedBytes(byte[] body, String fragment) {
    UnexpectedResponseException e =
        catchThrowableOfType(UnexpectedResponseException.class, () -> Operation.parse(body));
    assertThat(e).as("parse should refuse it").isNotNull();
    assertThat(e.getMessage()).contains(fragment).hasSizeLessThan(1000);
    return e;
  }

  private static String excerpt(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "… (" + s.length() + " chars)" : s;
  }

  @Test
  void theParserHasTheDocumentedLimits() {
    // Operation's class comment and the README state these numbers.
    var limits = ProtoJson.mapper().getFactory().streamReadConstraints();
    assertThat(limits.getMaxNestingDepth()).isEqualTo(ProtoJson.MAX_NESTING_DEPTH).isEqualTo(100);
    assertThat(limits.getMaxDocumentLength())
        .isEqualTo(ProtoJson.MAX_DOCUMENT_BYTES).isEqualTo(8L * 1024 * 1024);
    assertThat(limits.getMaxTokenCount()).isEqualTo(ProtoJson.MAX_TOKEN_COUNT).isEqualTo(1_000_000);
    assertThat(limits.getMaxStringLength())
        .isEqualTo(ProtoJson.MAX_STRING_LENGTH).isEqualTo(1024 * 1024);
    assertThat(limits.getMaxNumberLength()).isEqualTo(ProtoJson.MAX_NUMBER_LENGTH).isEqualTo(100);
    assertThat(limits.getMaxNameLength()).isEqualTo(ProtoJson.MAX_NAME_LENGTH).isEqualTo(4096);
  }

  // ---- depth -------------------------------------------------------------------------------

  @Test
  void depthOfOneHundredThousandIsRefusedWithoutOverflowingTheStack() {
    int depth = 100_000;
    String arrays = "[".repeat(depth) + "]".repeat(depth);
    String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    String inMetadata = OP + "\"metadata\": " + objects + "}";
    String inError = OP + "\"done\": true, \"error\": {\"code\": 2, \"details\": [" + arrays + "]}}";
    for (String body : List.of(arrays, objects, inMetadata, inError)) {
      refused(body, "JSON over a parser limit");
      refused(body, "nesting depth (101) exceeds the maximum allowed (100");
      assertThat(RpcStatus.fromErrorBody(503, utf8(body)).message())
          .startsWith("HTTP 503 with a non-JSON body");
    }
  }

  @Test
  void theDepthLimitIsExactlyOneHundred() {
    // The operation object is level 1; 98 arrays inside "response" reach level 100.
    String at100 = OP + "\"done\": true, \"response\": {\"@type\": \"x.Y\", \"v\": "
        + "[".repeat(98) + "]".repeat(98) + "}}";
    String at101 = OP + "\"done\": true, \"response\": {\"@type\": \"x.Y\", \"v\": "
        + "[".repeat(99) + "]".repeat(99) + "}}";
    assertThat(Operation.parse(utf8(at100)).responseType()).hasValue("x.Y");
    assertThat(Operation.parse(at100).json().toString()).hasSize(at100.replace(" ", "").length());
    refused(at101, "nesting depth (101)");
  }

  // ---- sizes -------------------------------------------------------------------------------

  @Test
  void hugeStringsAreRefusedAboveTheLimitAndReadBelowIt() {
    String big = "x".repeat(ProtoJson.MAX_STRING_LENGTH + 1);
    refused("{\"name\": \"" + big + "\"}", "String value length");
    refused(OP + "\"metadata\": {\"note\": \"" + big + "\"}}", "JSON over a parser limit");
    refused("{\"" + "k".repeat(ProtoJson.MAX_NAME_LENGTH + 1) + "\": 1}", "Name length");

    String justUnder = "m".repeat(ProtoJson.MAX_STRING_LENGTH);
    Operation op = Operation.parse(utf8(OP + "\"done\": true, \"error\": {\"code\": 2, "
        + "\"message\": \"" + justUnder + "\"}}"));
    assertThat(op.error().orElseThrow().message()).hasSize(ProtoJson.MAX_STRING_LENGTH);
    assertThat(op.toString()).hasSizeLessThan(600);
  }

  @Test
  void bodiesOverTheDocumentLimitAreRefusedBeforeParsing() {
    byte[] big = new byte[ProtoJson.MAX_DOCUMENT_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '{';
    big[big.length - 1] = '}';
    refusedBytes(big, "JSON body of 8388609 bytes is over the parser's limit of 8388608 bytes");
    refused(" ".repeat(ProtoJson.MAX_DOCUMENT_BYTES) + "{}", "over the parser's limit");
  }

  @Test
  void manyTokensAreRefusedBeforeTheTreeGrowsLarge() {
    // 4 MiB of empty objects would be a tree of over 100 MB; the token limit stops it near 1M.
    StringBuilder b = new StringBuilder(4 * 1024 * 1024).append('[');
    while (b.length() < 4 * 1024 * 1024 - 4) {
      b.append("{},");
    }
    b.append("{}]");
    refusedBytes(utf8(b.toString()), "Token count (1000001) exceeds the maximum allowed");
  }

  static Stream<Arguments> hugeNumbers() {
    String digits = "9".repeat(ProtoJson.MAX_NUMBER_LENGTH + 1);
    return Stream.of(
        Arguments.of("\"metadata\": {\"progressPercent\": " + digits + "}", "Number value length"),
        Arguments.of("\"metadata\": {\"progressPercent\": 1e999999}", "expected an int32, got \"Infinity\""),
        Arguments.of("\"metadata\": {\"progressPercent\": -1e400}", "expected an int32, got \"-Infinity\""),
        Arguments.of("\"metadata\": {\"progressPercent\": 1e19}", "expected an int32"),
        Arguments.of("\"metadata\": {\"progressPercent\": \"" + "9".repeat(100_000) + "\"}",
            "expected an int32, got \"9999"),
        Arguments.of("\"metadata\": {\"progressPercent\": \"1e999999999\"}", "expected an int32"),
        Arguments.of("\"metadata\": {\"progressPercent\": \"1e-999999999\"}", "expected an int32"),
        Arguments.of("\"metadata\": {\"progressPercent\": \"1e99999999999\"}", "expected an int32"),
        Arguments.of("\"done\": true, \"error\": {\"code\": 1e999}", "field error.code: expected an int32"),
        Arguments.of("\"done\": true, \"error\": {\"code\": 99999999999}", "expected an int32"),
        Arguments.of("\"done\": true, \"error\": {\"code\": " + digits + "}", "Number value length"));
  }

  @ParameterizedTest
  @MethodSource("hugeNumbers")
  void hugeNumbersAreRefused(String fields, String fragment) {
    refused(OP + fields + "}", fragment);
  }

  @Test
  void hugeInt64InAResponseIsRefusedAtReadTime() {
    for (String count : List.of("\"" + "9".repeat(100_000) + "\"", "1e999", "\"1e30\"", "{}")) {
      Operation op = Operation.parse(OP + "\"done\": true, \"response\": {\"@type\": "
          + "\"type.googleapis.com/google.cloud.automl.v1.Dataset\", \"name\": "
          + "\"projects/p/locations/l/datasets/d\", \"exampleCount\": " + count + "}}");
      Throwable t = catchThrowable(() -> ResponseType.DATASET.read(op));
      assertThat(t).isInstanceOf(UnexpectedResponseException.class)
          .hasMessageContaining("field response.exampleCount: expected an int64");
    }
  }

  // ---- wrong types -------------------------------------------------------------------------

  /** Every field of Operation, its metadata and its error, with each wrong JSON type. */
  static Stream<Arguments> wrongTypes() {
    List<Arguments> rows = new ArrayList<>();
    for (String v : List.of("42", "{}", "[]", "true", "null", "\"\"")) {
      rows.add(Arguments.of("{\"name\": " + v + "}", "expected an Operation with a non-empty string \"name\""));
    }
    for (String v : List.of("\"yes\"", "1", "{}", "[]")) {
      rows.add(Arguments.of(OP + "\"done\": " + v + "}", "field done: expected a boolean"));
    }
    for (String field : List.of("metadata", "error", "response")) {
      for (String v : List.of("\"x\"", "5", "true", "[]", "[{}]")) {
        rows.add(Arguments.of(OP + "\"done\": true, \"" + field + "\": " + v + "}",
            "field " + field + ": expected an object"));
      }
    }
    for (String field : List.of("metadata", "response")) {
      for (String v : List.of("5", "{}", "[]", "true")) {
        rows.add(Arguments.of(OP + "\"done\": true, \"" + field + "\": {\"@type\": " + v + "}}",
            "field " + field + ".@type: expected a type URL string"));
      }
    }
    String meta = OP + "\"metadata\": {";
    for (String v : List.of("{}", "[]", "true", "\"forty\"", "4.5", "3000000000")) {
      rows.add(Arguments.of(meta + "\"progressPercent\": " + v + "}}",
          "field metadata.progressPercent: expected an int32"));
    }
    for (String field : List.of("createTime", "updateTime", "create_time")) {
      for (String v : List.of("5", "{}", "[]", "true", "\"yesterday\"", "\"2019-13-45T99:99:99Z\"")) {
        rows.add(Arguments.of(meta + "\"" + field + "\": " + v + "}}",
            "expected an RFC 3339 timestamp"));
      }
    }
    for (String v : List.of("{}", "\"x\"", "5", "true")) {
      rows.add(Arguments.of(meta + "\"partialFailures\": " + v + "}}",
          "field metadata.partialFailures: expected an array"));
    }
    for (String v : List.of("[7]", "[[]]", "[\"x\"]")) {
      rows.add(Arguments.of(meta + "\"partialFailures\": " + v + "}}",
          "expected a google.rpc.Status object"));
    }
    rows.add(Arguments.of(meta + "\"partialFailures\": [{\"code\": \"NOPE\"}]}}",
        "field error.code: expected an int32"));
    for (OperationKind kind : OperationKind.values()) {
      if (kind == OperationKind.UNKNOWN) {
        continue;
      }
      for (String v : List.of("5", "\"x\"", "[]", "true")) {
        rows.add(Arguments.of(meta + "\"" + kind.detailsField() + "\": " + v + "}}",
            "field metadata." + kind.detailsField() + ": expected an object"));
      }
      rows.add(Arguments.of(meta + "\"" + kind.detailsField() + "\": {\"outputInfo\": 5}}}",
          "field metadata." + kind.detailsField() + ".outputInfo: expected an object"));
      rows.add(Arguments.of(meta + "\"" + kind.detailsField()
              + "\": {\"outputInfo\": {\"gcsOutputDirectory\": {}}}}}",
          "outputInfo.gcsOutputDirectory: expected a string"));
    }
    String error = OP + "\"done\": true, \"error\": {";
    for (String v : List.of("\"NOPE\"", "{}", "[]", "true", "1.5")) {
      rows.add(Arguments.of(error + "\"code\": " + v + "}}", "field error.code: expected an int32"));
    }
    for (String v : List.of("{}", "[]", "[\"m\"]")) {
      rows.add(Arguments.of(error + "\"code\": 2, \"message\": " + v + "}}",
          "field error.message: expected a string"));
    }
    for (String v : List.of("{}", "\"x\"", "5", "true")) {
      rows.add(Arguments.of(error + "\"code\": 2, \"details\": " + v + "}}",
          "field error.details: expected an array"));
    }
    for (String v : List.of("[5]", "[\"x\"]", "[[]]", "[null]")) {
      rows.add(Arguments.of(error + "\"code\": 2, \"details\": " + v + "}}",
          "field error.details: expected Any objects"));
    }
    return rows.stream();
  }

  @ParameterizedTest
  @MethodSource("wrongTypes")
  void aWrongTypeForAnyFieldIsRefusedNamingTheField(String body, String fragment) {
    refused(body, fragment);
  }

  /** Fields of the responses the library reads, with wrong types: refused when read. */
  static Stream<Arguments> wrongResponseTypes() {
    String model = "\"@type\": \"type.googleapis.com/google.cloud.automl.v1.Model\", "
        + "\"name\": \"projects/p/locations/l/models/m\", ";
    String dataset = "\"@type\": \"type.googleapis.com/google.cloud.automl.v1.Dataset\", "
        + "\"name\": \"projects/p/locations/l/datasets/d\", ";
    String batch = "\"@type\": \"type.googleapis.com/google.cloud.automl.v1.BatchPredictResult\", ";
    List<Arguments> rows = new ArrayList<>();
    for (String v : List.of("5", "{}", "[]", "\"models/m\"", "\"projects/p/locations/l/datasets/m\"")) {
      rows.add(Arguments.of(ResponseType.MODEL,
          "\"@type\": \"type.googleapis.com/google.cloud.automl.v1.Model\", \"name\": " + v,
          v.startsWith("{") || v.startsWith("[") ? "field name: expected a string"
              : "expected a google.cloud.automl.v1.Model name like projects/*/locations/*/models/*"));
    }
    rows.add(Arguments.of(ResponseType.MODEL, model + "\"displayName\": {}", "response.displayName"));
    rows.add(Arguments.of(ResponseType.MODEL, model + "\"datasetId\": []", "response.datasetId"));
    rows.add(Arguments.of(ResponseType.MODEL, model + "\"deploymentState\": {}", "response.deploymentState"));
    rows.add(Arguments.of(ResponseType.MODEL, model + "\"deploymentState\": true", "response.deploymentState"));
    rows.add(Arguments.of(ResponseType.MODEL, model + "\"createTime\": 5", "response.createTime"));
    rows.add(Arguments.of(ResponseType.MODEL, model + "\"labels\": []", "response.labels"));
    rows.add(Arguments.of(ResponseType.MODEL, model + "\"labels\": {\"a\": {}}", "response.labels"));
    rows.add(Arguments.of(ResponseType.DATASET, dataset + "\"displayName\": []", "response.displayName"));
    rows.add(Arguments.of(ResponseType.DATASET, dataset + "\"description\": {}", "response.description"));
    rows.add(Arguments.of(ResponseType.DATASET, dataset + "\"exampleCount\": \"abc\"", "response.exampleCount"));
    rows.add(Arguments.of(ResponseType.DATASET, dataset + "\"createTime\": []", "response.createTime"));
    rows.add(Arguments.of(ResponseType.BATCH_PREDICT_RESULT, batch + "\"metadata\": []", "response.metadata"));
    rows.add(Arguments.of(ResponseType.BATCH_PREDICT_RESULT, batch + "\"metadata\": 5", "response.metadata"));
    rows.add(Arguments.of(ResponseType.BATCH_PREDICT_RESULT, batch + "\"metadata\": {\"k\": [1]}", "response.metadata"));
    rows.add(Arguments.of(ResponseType.EMPTY, model.substring(0, model.length() - 2), "expected a response of @type google.protobuf.Empty"));
    return rows.stream();
  }

  @ParameterizedTest
  @MethodSource("wrongResponseTypes")
  void aWrongTypeInAResponseIsRefusedWhenRead(ResponseType<?> type, String fields, String fragment) {
    Operation op = Operation.parse(OP + "\"done\": true, \"response\": {" + fields + "}}");
    Throwable t = catchThrowable(() -> type.read(op));
    assertThat(t).isInstanceOf(UnexpectedResponseException.class).hasMessageContaining(fragment);
    assertThat(((UnexpectedResponseException) t).operationName()).isEqualTo(NAME);
  }

  // ---- duplicates, encodings, degenerate bodies --------------------------------------------

  @Test
  void duplicateKeysAreRefused() {
    refused("{\"name\": \"" + NAME + "\", \"name\": \"projects/p/locations/l/operations/EVIL\"}",
        "Duplicate field 'name'");
    refused(OP + "\"done\": false, \"done\": true}", "Duplicate field 'done'");
    refused(OP + "\"metadata\": {\"progressPercent\": 1, \"progressPercent\": 99}}",
        "Duplicate field 'progressPercent'");
    refused(OP + "\"done\": true, \"error\": {\"code\": 2, \"code\": 0}}", "Duplicate field 'code'");
  }

  static Stream<Arguments> invalidUtf8() {
    return Stream.of(
        Arguments.of(new int[] {0x80}, "Invalid UTF-8 start byte 0x80"),
        Arguments.of(new int[] {0xff}, "Invalid UTF-8 start byte 0xff"),
        Arguments.of(new int[] {0xc3}, "Invalid UTF-8 middle byte"),
        Arguments.of(new int[] {0xc0, 0xaf}, "Invalid UTF-8 start byte 0xc0"),
        Arguments.of(new int[] {0xe0, 0x80, 0xaf}, "overlong 3-byte encoding"),
        Arguments.of(new int[] {0xed, 0xa0, 0x80}, "Illegal surrogate character 0xd800"),
        Arguments.of(new int[] {0xf4, 0x90, 0x80, 0x80}, "beyond U+10FFFF"),
        Arguments.of(new int[] {0xe9}, "Invalid UTF-8 middle byte"));
  }

  @ParameterizedTest
  @MethodSource("invalidUtf8")
  void invalidUtf8IsRefused(int[] bad, String fragment) {
    byte[] head = utf8(OP + "\"done\": true, \"error\": {\"code\": 2, \"message\": \"a");
    byte[] tail = utf8("\"}}");
    byte[] body = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    for (int i = 0; i < bad.length; i++) {
      body[head.length + i] = (byte) bad[i];
    }
    System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
    assertThat(refusedBytes(body, fragment).getMessage())
        .startsWith("malformed JSON at line 1").contains("\"" + OP.substring(0, 10));
  }

  @Test
  void aUtf8ByteOrderMarkIsSkippedAsRfc8259AllowsAndNothingElse() {
    String body = OP + "\"done\": false}";
    assertThat(Operation.parse(utf8("\uFEFF" + body)).name()).isEqualTo(NAME);
    assertThat(Operation.parse("\uFEFF" + body).name()).isEqualTo(NAME);
    refused("\uFEFF", "\"\uFEFF\"");
    refused("\uFEFF\uFEFF" + body, "malformed JSON");
    refusedBytes(("\uFEFF" + body).getBytes(StandardCharsets.UTF_16BE), "got UTF-16 or UTF-32");
    refusedBytes(("\uFEFF" + body).getBytes(StandardCharsets.UTF_16LE), "got UTF-16 or UTF-32");
    refusedBytes(body.getBytes(StandardCharsets.UTF_16LE), "got UTF-16 or UTF-32");
    refusedBytes(body.getBytes(StandardCharsets.UTF_16BE), "got UTF-16 or UTF-32");
    refusedBytes(body.getBytes(java.nio.charset.Charset.forName("UTF-32")), "got UTF-16 or UTF-32");
    refusedBytes(new byte[] {0}, "got UTF-16 or UTF-32");
  }

  @Test
  void degenerateBodiesAreRefused() {
    refused("null", "expected an Operation JSON object, got null");
    refused("{}", "expected an Operation with a non-empty string \"name\", got {}");
    refused("[]", "expected an Operation JSON object, got []");
    refused("[" + OP + "\"done\": true}]", "expected an Operation JSON object");
    refused("true", "got true");
    refused("0", "got 0");
    refused("\"\"", "got \"\"");
    refused(" \t\r\n ", "expected a JSON body");
    refused("{} {}", "malformed JSON");
    refused("NaN", "malformed JSON");
    refused("{\"name\": \"" + NAME + "\", \"done\": Infinity}", "malformed JSON");
    refused("{'name': 'x'}", "malformed JSON");
    refused("{\"name\": \"" + NAME + "\", /* c */ \"done\": true}", "malformed JSON");
  }

  @Test
  void aBodyOfAnotherOperationParsesAsThatOperation() {
    // Parsing cannot know which name was asked for; the engine compares (see HostileBodyEngineTest).
    Operation other = Operation.parse(
        "{\"name\": \"projects/p/locations/l/operations/OTHER\", \"done\": true}");
    assertThat(other.id()).isEqualTo("OTHER");
  }

  // ---- error bodies and list pages ---------------------------------------------------------

  static Stream<byte[]> allHostileBodies() {
    List<byte[]> out = new ArrayList<>();
    hugeNumbers().forEach(a -> out.add(utf8(OP + a.get()[0] + "}")));
    wrongTypes().forEach(a -> out.add(utf8((String) a.get()[0])));
    invalidUtf8().forEach(a -> {
      int[] bad = (int[]) a.get()[0];
      byte[] b = new byte[bad.length + 2];
      b[0] = '"';
      for (int i = 0; i < bad.length; i++) {
        b[i + 1] = (byte) bad[i];
      }
      b[b.length - 1] = '"';
      out.add(b);
    });
    for (String s : List.of("null", "{}", "[]", "\uFEFF", "[" + "[".repeat(100_000),
        "{\"error\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}",
        "{\"error\": {\"code\": 1e999, \"status\": {}, \"message\": [], \"details\": 5}}",
        "{\"error\": {\"details\": [5, {\"@type\": 7}], \"message\": \"m\"}}",
        "{\"error\": \"invalid_grant\", \"error_description\": {}}",
        "[{\"error\": 5}]", "{\"error\": {\"code\": 1, \"code\": 2}}")) {
      out.add(utf8(s));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("allHostileBodies")
  void errorBodiesNeverThrowAndAlwaysSayTheStatus(byte[] body) {
    RpcStatus s = RpcStatus.fromErrorBody(503, body);
    assertThat(s.message()).isNotEmpty().hasSizeLessThan(1000);
    assertThat(s.retryDelay()).isEmpty();
  }

  static Stream<Arguments> hostileRetryDelays() {
    return Stream.of(
        Arguments.of("[]", null),
        Arguments.of("5", null),
        Arguments.of("\"-5s\"", null),
        Arguments.of("{\"seconds\": 1e999}", null),
        Arguments.of("{\"seconds\": {}}", null),
        Arguments.of("{\"nanos\": \"x\"}", null),
        Arguments.of("{}", java.time.Duration.ZERO),
        Arguments.of("\"" + "9".repeat(100_000) + "s\"", dev.lropoller.spi.RetryAfter.MAX_DELAY),
        Arguments.of("{\"seconds\": \"" + "9".repeat(19) + "\"}", null));
  }

  @ParameterizedTest
  @MethodSource("hostileRetryDelays")
  void hostileRetryInfoIsIgnoredOrClampedNeverThrown(String delay, java.time.Duration expected) {
    RpcStatus s = RpcStatus.fromErrorBody(429, utf8("{\"error\": {\"code\": 429, \"details\": "
        + "[{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": " + delay
        + "}]}}"));
    assertThat(s.retryDelay()).isEqualTo(java.util.Optional.ofNullable(expected));
  }
}
