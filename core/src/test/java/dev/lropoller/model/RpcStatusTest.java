package dev.lropoller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lropoller.error.UnexpectedResponseException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpcStatusTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // --- RpcCode

  @ParameterizedTest
  @CsvSource({
      "OK,0,200", "CANCELLED,1,499", "UNKNOWN,2,500", "INVALID_ARGUMENT,3,400",
      "DEADLINE_EXCEEDED,4,504", "NOT_FOUND,5,404", "ALREADY_EXISTS,6,409",
      "PERMISSION_DENIED,7,403", "RESOURCE_EXHAUSTED,8,429", "FAILED_PRECONDITION,9,400",
      "ABORTED,10,409", "OUT_OF_RANGE,11,400", "UNIMPLEMENTED,12,501", "INTERNAL,13,500",
      "UNAVAILABLE,14,503", "DATA_LOSS,15,500", "UNAUTHENTICATED,16,401"})
  void codeTableRoundTrips(String name, int number, int http) {
    RpcCode code = RpcCode.valueOf(name);

    assertThat(code.number()).isEqualTo(number);
    assertThat(code.ordinal()).isEqualTo(number);
    assertThat(code.httpStatus()).isEqualTo(http);
    assertThat(RpcCode.forNumber(number)).isSameAs(code);
    assertThat(RpcCode.forName(name)).contains(code);
    assertThat(RpcCode.forName(" " + name.toLowerCase() + " ")).contains(code);
    // The HTTP twin maps back to a code with the same HTTP status (400/409/500 are ambiguous).
    assertThat(RpcCode.fromHttpStatus(http).httpStatus()).isEqualTo(http);
  }

  @Test
  void allSeventeenInOrder() {
    assertThat(RpcCode.values()).hasSize(17);
  }

  @ParameterizedTest
  @CsvSource({
      "200,OK", "204,OK", "400,INVALID_ARGUMENT", "401,UNAUTHENTICATED", "403,PERMISSION_DENIED",
      "404,NOT_FOUND", "405,FAILED_PRECONDITION", "409,ABORTED", "412,FAILED_PRECONDITION",
      "429,RESOURCE_EXHAUSTED", "499,CANCELLED", "500,INTERNAL", "501,UNIMPLEMENTED",
      "502,INTERNAL", "503,UNAVAILABLE", "504,DEADLINE_EXCEEDED", "302,UNKNOWN", "0,UNKNOWN"})
  void fromHttpStatus(int http, RpcCode expected) {
    assertThat(RpcCode.fromHttpStatus(http)).isEqualTo(expected);
  }

  @Test
  void unknownNumbersAndNames() {
    assertThat(RpcCode.forNumber(17)).isEqualTo(RpcCode.UNKNOWN);
    assertThat(RpcCode.forNumber(-1)).isEqualTo(RpcCode.UNKNOWN);
    assertThat(RpcCode.forName("NOPE")).isEmpty();
    assertThat(RpcCode.forName(null)).isEmpty();
  }

  // --- fromErrorBody

  @Test
  void aip193ForbiddenWithErrorInfo() {
    RpcStatus s = RpcStatus.fromErrorBody(403, Resources.bytes("error-403.json"));

    assertThat(s.code()).isEqualTo(RpcCode.PERMISSION_DENIED);
    assertThat(s.codeNumber()).isEqualTo(7);
    assertThat(s.message()).startsWith("Cloud AutoML API has not been used in project 123");
    assertThat(s.reason()).contains("SERVICE_DISABLED");
    assertThat(s.domain()).contains("googleapis.com");
    assertThat(s.retryDelay()).isEmpty();
    assertThat(s.details()).hasSize(2);
  }

  @Test
  void retryInfoDelay() {
    RpcStatus s = RpcStatus.fromErrorBody(429, Resources.bytes("error-429-retry.json"));

    assertThat(s.code()).isEqualTo(RpcCode.RESOURCE_EXHAUSTED);
    assertThat(s.retryDelay()).contains(Duration.ofMillis(2500));
    assertThat(s.reason()).contains("RATE_LIMIT_EXCEEDED");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`\"2.5s\"`                          | PT2.5S",
      "`\"3s\"`                            | PT3S",
      "`\"0.000000001s\"`                  | PT0.000000001S",
      "`{\"seconds\": \"2\", \"nanos\": 5}` | PT2.000000005S"})
  void retryDelayForms(String json, Duration expected) {
    assertThat(statusWithRetryDelay(json).retryDelay()).contains(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`\"2.5\"`", "`\"s\"`", "`\"1.s\"`", "`\"-1s\"`", "`\"1.0000000001s\"`", "`\"abc\"`", "`5`"})
  void malformedRetryDelayIsIgnored(String json) {
    assertThat(statusWithRetryDelay(json).retryDelay()).isEmpty();
  }

  private static RpcStatus statusWithRetryDelay(String json) {
    return RpcStatus.fromErrorBody(503, utf8("{\"error\": {\"code\": 503, \"status\": \"UNAVAILABLE\","
        + " \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": "
        + json + "}]}}"));
  }

  @Test
  void htmlBody() {
    RpcStatus s = RpcStatus.fromErrorBody(502, Resources.bytes("error-502.html"));

    assertThat(s.code()).isEqualTo(RpcCode.INTERNAL);
    assertThat(s.message())
        .startsWith("HTTP 502 with a non-JSON body (text/html?): <!DOCTYPE html> <html lang=en> <meta")
        .doesNotContain("\n")
        .hasSizeLessThan(200);
    assertThat(s.details()).isEmpty();
  }

  @Test
  void plainTextBody() {
    RpcStatus s = RpcStatus.fromErrorBody(503, utf8("upstream connect error\r\n"));

    assertThat(s.code()).isEqualTo(RpcCode.UNAVAILABLE);
    assertThat(s.message()).isEqualTo("HTTP 503 with a non-JSON body: upstream connect error");
  }

  @Test
  void emptyBody() {
    assertThat(RpcStatus.fromErrorBody(503, new byte[0]))
        .isEqualTo(RpcStatus.of(RpcCode.UNAVAILABLE, "HTTP 503 with an empty body"));
    assertThat(RpcStatus.fromErrorBody(504, null).message()).isEqualTo("HTTP 504 with an empty body");
    assertThat(RpcStatus.fromErrorBody(500, utf8(" \n ")).code()).isEqualTo(RpcCode.INTERNAL);
  }

  @Test
  void statusStringWinsOverHttpStatus() {
    RpcStatus s = RpcStatus.fromErrorBody(400, utf8("{\"error\": {\"code\": 400, \"message\": "
        + "\"Precondition check failed.\", \"status\": \"FAILED_PRECONDITION\"}}"));

    assertThat(s).isEqualTo(RpcStatus.of(RpcCode.FAILED_PRECONDITION, "Precondition check failed."));
    assertThat(s).hasToString("FAILED_PRECONDITION: Precondition check failed.");
  }

  @Test
  void withoutStatusTheHttpCodeDecides() {
    RpcStatus s = RpcStatus.fromErrorBody(404, utf8("{\"error\": {\"code\": 404, \"message\": \"gone\"}}"));
    assertThat(s).isEqualTo(RpcStatus.of(RpcCode.NOT_FOUND, "gone"));

    RpcStatus odd = RpcStatus.fromErrorBody(409, utf8("{\"error\": {\"status\": \"WEIRD\"}}"));
    assertThat(odd).isEqualTo(RpcStatus.of(RpcCode.ABORTED, "HTTP 409"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`{}`                                      | `HTTP 400 with an unrecognised JSON body: {}`",
      "`[1, 2]`                                  | `HTTP 400 with an unrecognised JSON body: [1,2]`",
      "`{\"error\": 7}`                           | `HTTP 400 with an unrecognised JSON body: {\"error\":7}`",
      "`{\"error\": \"invalid_grant\", \"error_description\": \"Bad Request\"}` | `HTTP 400: invalid_grant: Bad Request`",
      "`{\"error\": {\"status\": \"INVALID_ARGUMENT\", \"message\": {\"a\": 1}}}` | `HTTP 400 with an unrecognised JSON body: {\"error\"`",
      "`{\"error\": {\"code\": 400,`            | `HTTP 400 with a non-JSON body: {\"error\": {\"code\": 400,`"})
  void oddBodiesNeverThrow(String body, String message) {
    RpcStatus s = RpcStatus.fromErrorBody(400, utf8(body));

    assertThat(s.code()).isEqualTo(RpcCode.INVALID_ARGUMENT);
    assertThat(s.message()).startsWith(message);
  }

  @Test
  void arrayWrappedErrorAndMalformedDetails() {
    RpcStatus wrapped = RpcStatus.fromErrorBody(404,
        utf8("[{\"error\": {\"code\": 404, \"message\": \"nope\", \"status\": \"NOT_FOUND\"}}]"));
    assertThat(wrapped).isEqualTo(RpcStatus.of(RpcCode.NOT_FOUND, "nope"));

    RpcStatus badDetails = RpcStatus.fromErrorBody(403,
        utf8("{\"error\": {\"message\": \"no\", \"status\": \"PERMISSION_DENIED\", \"details\": 5}}"));
    assertThat(badDetails).isEqualTo(RpcStatus.of(RpcCode.PERMISSION_DENIED, "no"));
  }

  // --- of / fromJson

  @Test
  void factoriesCopyAndValidate() throws Exception {
    ObjectNode info = (ObjectNode) MAPPER.readTree(
        "{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\", \"reason\": \"R\", \"domain\": \"d\"}");
    RpcStatus s = RpcStatus.of(RpcCode.ABORTED, null, List.of(info));
    info.put("reason", "changed");
    s.details().get(0);

    assertThat(s.message()).isEmpty();
    assertThat(s.reason()).contains("R");
    assertThat(s.domain()).contains("d");
    assertThatThrownBy(() -> s.details().add(info)).isInstanceOf(UnsupportedOperationException.class);
    ((ObjectNode) s.details().get(0)).put("reason", "mutated");
    assertThat(s.reason()).contains("R");
    assertThatThrownBy(() -> RpcStatus.of(null, "x")).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("code");
  }

  @Test
  void fromJsonDefaultsAndErrors() throws Exception {
    assertThat(RpcStatus.fromJson(MAPPER.readTree("{}"))).isEqualTo(RpcStatus.of(RpcCode.OK, ""));
    JsonNode withDetails = MAPPER.readTree("{\"code\": 5, \"message\": \"m\", \"details\": "
        + "[{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\", \"reason\": \"\"}]}");
    assertThat(RpcStatus.fromJson(withDetails).reason()).isEmpty();
    assertThatThrownBy(() -> RpcStatus.fromJson(MAPPER.readTree("[]")))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessage("expected a google.rpc.Status object, got []");
    assertThatThrownBy(() -> RpcStatus.fromJson(MAPPER.readTree("{\"details\": [\"x\"]}")))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("\"x\"");
  }

  @Test
  void toStringCutsLongMessages() {
    String s = RpcStatus.of(RpcCode.INTERNAL, "y".repeat(1000)).toString();
    assertThat(s).startsWith("INTERNAL: yyy").endsWith("…").hasSizeLessThan(220);
  }
}
