package dev.lropoller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lropoller.error.UnexpectedResponseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MalformedBodyTest {
  private static final String NAME = "projects/p/locations/l/operations/ICN1";

  private static UnexpectedResponseException fail(String body) {
    UnexpectedResponseException e = catchThrowableOfType(
        UnexpectedResponseException.class, () -> Operation.parse(body));
    assertThat(e).as("parse(%s) should fail", body).isNotNull();
    return e;
  }

  private static UnexpectedResponseException failBytes(String body) {
    UnexpectedResponseException e = catchThrowableOfType(UnexpectedResponseException.class,
        () -> Operation.parse(body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    assertThat(e).as("parse(bytes of %s) should fail", body).isNotNull();
    return e;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "<html><body>502 Bad Gateway</body></html>   | \"<html><body>502 Bad Gateway</body></html>\"",
      "not json                                    | \"not json\"",
      "[{\"name\": \"x\"}]                         | [{\"name\":\"x\"}]",
      "{\"done\": true}                             | {\"done\":true}",
      "{\"name\": \"\"}                              | {\"name\":\"\"}",
      "{\"name\": 42}                               | {\"name\":42}",
      "{\"name\": \"operations/1\", \"done\": tr     | {\"name\": \"operations/1\", \"done\": tr",
      "{\"name\": \"operations/1\"                  | {\"name\": \"operations/1\"",
      "{\"name\": \"operations/1\"} trailing        | {\"name\": \"operations/1\"} trailing",
      "\"just a string\"                           | \"just a string\"",
  })
  void malformedBodiesQuoteTheInput(String body, String quoted) {
    for (UnexpectedResponseException e : new UnexpectedResponseException[] {fail(body), failBytes(body)}) {
      assertThat(e.getMessage()).contains(quoted);
      assertThat(e.operationName()).isNull();
    }
  }

  @Test
  void emptyAndNullBodies() {
    assertThat(fail("").getMessage()).contains("empty body");
    assertThat(fail("   ").getMessage()).contains("expected a JSON body");
    assertThat(fail(null).getMessage()).contains("empty body");
    assertThat(failBytes("").getMessage()).contains("empty body");
    assertThat(failBytes(null).getMessage()).contains("empty body");
  }

  @Test
  void truncatedBodySaysWhereItBroke() {
    assertThat(fail("{\"name\": \"operations/1\", \"metadata\": {").getMessage())
        .startsWith("malformed JSON at line 1")
        .contains("end-of-input");
  }

  @Test
  void longBodiesAreCutAndControlCharsReplaced() {
    String body = "\u0000\u001b[31m" + "x".repeat(5000);
    for (String msg : new String[] {fail(body).getMessage(), failBytes(body).getMessage()}) {
      assertThat(msg).hasSizeLessThan(500).contains("\"??[31mxxx").contains("…\" (500")
          .doesNotContain("\u0000").doesNotContain("\u001b");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`\"done\": \"yes\"`                                    | `field done: expected a boolean, got \"yes\"`",
      "`\"done\": 1`                                          | `field done: expected a boolean, got 1`",
      "`\"metadata\": [1]`                                    | `field metadata: expected an object, got [1]`",
      "`\"response\": \"x\"`                                  | `field response: expected an object, got \"x\"`",
      "`\"error\": 5`                                         | `field error: expected an object, got 5`",
      "`\"error\": {\"code\": \"NOPE\"}`                      | `field error.code: expected an int32, got \"NOPE\"`",
      "`\"error\": {\"code\": 1, \"details\": {}}`            | `field error.details: expected an array, got {}`",
      "`\"metadata\": {\"progressPercent\": \"forty\"}`       | `field metadata.progressPercent: expected an int32, got \"forty\"`",
      "`\"metadata\": {\"progressPercent\": 4.5}`             | `field metadata.progressPercent: expected an int32, got 4.5`",
      "`\"metadata\": {\"progressPercent\": 3000000000}`      | `field metadata.progressPercent: expected an int32, got 3000000000`",
      "`\"metadata\": {\"createTime\": \"2019-07-22 18:35\"}` | `field metadata.createTime: expected an RFC 3339 timestamp, got \"2019-07-22 18:35\"`",
      "`\"metadata\": {\"createTime\": \"2019-07-22T18:35:06.1234567890Z\"}` | `expected an RFC 3339 timestamp, got \"2019-07-22T18:35:06.1234567890Z\"`",
      "`\"metadata\": {\"createTime\": 1563820506}`           | `field metadata.createTime: expected an RFC 3339 timestamp, got 1563820506`",
      "`\"metadata\": {\"createModelDetails\": true}`         | `field metadata.createModelDetails: expected an object, got true`",
      "`\"metadata\": {\"partialFailures\": [7]}`             | `expected a google.rpc.Status object, got 7`",
  })
  void wrongFieldTypesNameTheFieldAndValue(String fields, String expected) {
    String body = "{\"name\": \"" + NAME + "\", " + fields + "}";
    for (UnexpectedResponseException e : new UnexpectedResponseException[] {fail(body), failBytes(body)}) {
      assertThat(e.getMessage()).startsWith("operation " + NAME + ": ").contains(expected);
      assertThat(e.operationName()).isEqualTo(NAME);
    }
  }
}
