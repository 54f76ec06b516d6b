package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.internal.Texts;
import dev.lropoller.model.ResponseType;
import dev.lropoller.testing.OperationJson;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameValidationTest {
  private static final String BASE = "projects/p/locations/l/operations/";
  private final Fixture f = new Fixture();
  private final OperationPoller poller = f.poller(Fixture.exact());

  @ParameterizedTest
  @ValueSource(strings = {
      "projects/p/locations/us-central1/operations/ICN3074819451447",
      "projects/my-project/locations/us-central1/operations/IOD5281059901324392598",
      "projects/123456789012/locations/us-central1/operations/TRL42",
      "projects/example.com:my-proj/locations/us-central1/operations/ICN1",
      "projects/google.com:my-project/locations/us-central1/operations/ICN1",
      "projects/p/locations/eu/operations/TCN1-2_3",
      "projects/p/locations/us-central1/datasets/123/operations/456",
      "projects/p/locations/l/datasets/d/operations/123",
      "projects/p/locations/europe-west4/trainingPipelines/77/operations/88",
      "projects/p/locations/us-central1/endpoints/1/deployedModels/2/operations/3",
      "operations/abc",
      "projects/p/locations/global/operations/operation-1712345678901-abc",
      "projects/p/locations/us-central1/operations/a.b",
      "projects/p/locations/us-central1/operations/~x"})
  void goodNamesArePolled(String name) {
    f.fake.script(name).body(OperationJson.doneEmpty(name));

    f.verify(() -> poller.completion(name)).verifyComplete();
    assertThat(f.fake.calls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo(name));
  }

  /** Hostile operation names, each with a piece of the message it must give. */
  static Stream<Arguments> badNames() {
    return Stream.of(
        // empty segments: empty name, leading, trailing and doubled slashes
        Arguments.of("", "empty segment"),
        Arguments.of("/", "empty segment"),
        Arguments.of(BASE, "empty segment"),
        Arguments.of(BASE + "1/", "empty segment"),
        Arguments.of("/" + BASE + "1", "empty segment"),
        Arguments.of("projects//locations/l/operations/1", "empty segment"),
        Arguments.of("//evil.example/" + BASE + "1", "empty segment"),
        // path traversal
        Arguments.of("projects/p/locations/l/operations/..", "'..' segment"),
        Arguments.of("projects/p/../l/operations/1", "'..' segment"),
        Arguments.of("projects/./locations/l/operations/1", "'.' segment"),
        Arguments.of(BASE + "...", "'...' segment"),
        Arguments.of(BASE + "1/../../../admin/operations/2", "'..' segment"),
        // percent-encoded forms
        Arguments.of(BASE + "%2e%2e", "'%' at index 34"),
        Arguments.of("projects/p/locations/l/operations%2F1", "'%' at index 33"),
        Arguments.of(BASE + "1%2F..%2F..%2Fadmin", "'%'"),
        Arguments.of(BASE + "%00", "'%'"),
        Arguments.of(BASE + "1%0d%0aX-Injected:%20yes", "'%'"),
        // URL and shell syntax
        Arguments.of(BASE + "1?alt=media", "'?'"),
        Arguments.of(BASE + "1#frag", "'#'"),
        Arguments.of(BASE + "x;y=1", "';' at index 35"),
        Arguments.of(BASE + "x@evil.example", "'@' at index 35"),
        Arguments.of(BASE + "1&x=2", "'&'"),
        Arguments.of(BASE + "1+2", "'+'"),
        Arguments.of(BASE + "1=2", "'='"),
        Arguments.of(BASE + "1,2", "','"),
        Arguments.of(BASE + "1:cancel", "':' at index 35"),
        Arguments.of("https://evil.example/v1/" + BASE + "1", "':' at index 5"),
        Arguments.of(BASE + "1\\2", "'\\'"),
        Arguments.of(BASE + "..\\..\\x", "'\\'"),
        Arguments.of(BASE + "<script>", "'<'"),
        Arguments.of(BASE + "1'", "'''"),
        Arguments.of(BASE + "1\"", "'\"'"),
        Arguments.of(BASE + "$(id)", "'$'"),
        Arguments.of(BASE + "1|x", "'|'"),
        // CR/LF injection, NUL, other controls and whitespace
        Arguments.of(BASE + "1\r\nX-Injected: yes", "U+000D at index 35"),
        Arguments.of(BASE + "1\n", "U+000A"),
        Arguments.of(BASE + "1\u0000", "U+0000"),
        Arguments.of(BASE + "1\u007f", "U+007F"),
        Arguments.of(BASE + "1\u0085", "U+0085"),
        Arguments.of(BASE + "1 2", "U+0020 (space)"),
        Arguments.of(BASE + "1\t", "U+0009"),
        Arguments.of(BASE + "1\u00a0", "U+00A0"),
        // unicode look-alikes and invisible characters
        Arguments.of(BASE + "\uff0e\uff0e", "U+FF0E at index 34"),
        Arguments.of("projects/p/locations/l/\uff0e\uff0e/operations/1", "U+FF0E"),
        Arguments.of(BASE + "1\u2215x", "U+2215"),
        Arguments.of(BASE + "\u2024\u2024", "U+2024"),
        Arguments.of(BASE + "\uff11\uff12\uff13", "U+FF11"),
        Arguments.of(BASE + "ICN\u0130", "U+0130"),
        Arguments.of(BASE + "1\u200b", "U+200B"),
        Arguments.of(BASE + "1\ufeff", "U+FEFF"),
        Arguments.of(BASE + "1\u202e", "U+202E"),
        Arguments.of(BASE + "\ud83d\ude00", "U+D83D"),
        // ':' outside a domain-scoped project id
        Arguments.of("projects/p/locations/us:central1/operations/1", "':' at index 23"),
        Arguments.of("projects/p:/locations/l/operations/1", "misplaced ':'"),
        Arguments.of("projects/:p/locations/l/operations/1", "misplaced ':'"),
        Arguments.of("projects/a:b:c/locations/l/operations/1", "misplaced ':'"),
        // shape and length
        Arguments.of("projects/p/locations/l/models/1", "operations/{id}"),
        Arguments.of("projects/p/locations/l/operation/1", "operations/{id}"),
        Arguments.of("ICN3074819451447", "operations/{id}"),
        Arguments.of(BASE + "x".repeat(1000), "over the limit of 1024"),
        Arguments.of(BASE + "\u0000".repeat(2000), "over the limit of 1024"));
  }

  @Test
  void thereAreAtLeastFortyHostileNames() {
    assertThat(badNames().count()).isGreaterThanOrEqualTo(40);
  }

  @ParameterizedTest
  @MethodSource("badNames")
  void badNamesAreRejectedAtCallTimeQuotingTheInputAndNothingIsSent(String name, String why) {
    PollPolicy other = PollPolicy.fixed(Duration.ofSeconds(1));
    Map<String, Function<String, Object>> calls = new LinkedHashMap<>();
    calls.put("poll", poller::poll);
    calls.put("poll(policy)", n -> poller.poll(n, other));
    calls.put("get", poller::get);
    calls.put("model", poller::model);
    calls.put("completion", poller::completion);
    calls.put("result", n -> poller.result(n, ResponseType.JSON));
    calls.put("cancel", poller::cancel);
    calls.put("delete", poller::delete);
    calls.forEach((method, call) -> assertThatThrownBy(() -> call.apply(name))
        .as("%s(%s)", method, Texts.quoteName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why)
        .hasMessageContaining(Texts.quoteName(name)));

    f.vts.advanceTimeBy(Duration.ofHours(1));
    assertThat(f.fake.calls()).isEmpty();
  }

  static Stream<Arguments> badParents() {
    return Stream.of(
        Arguments.of("", "empty segment"),
        Arguments.of("/", "empty segment"),
        Arguments.of("projects/p/locations/l/", "empty segment"),
        Arguments.of("/projects/p/locations/l", "empty segment"),
        Arguments.of("projects/p/../x", "'..' segment"),
        Arguments.of("projects/p/locations/l;x=1", "';'"),
        Arguments.of("projects/p/locations/l@evil.example", "'@'"),
        Arguments.of("projects/p/locations/\uff0e\uff0e", "U+FF0E"),
        Arguments.of("projects/p/locations/l?filter=x", "'?'"),
        Arguments.of("projects/p/locations/l%2F..", "'%'"),
        Arguments.of("projects/p/locations/l\r\nX: y", "U+000D"),
        Arguments.of("https://evil.example/projects/p", "':'"),
        Arguments.of("projects/p/locations/" + "l".repeat(1024), "over the limit"));
  }

  @ParameterizedTest
  @MethodSource("badParents")
  void badListParentsAreRejectedAtCallTime(String parent, String why) {
    assertThatThrownBy(() -> poller.list(parent, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("parent ")
        .hasMessageContaining(why)
        .hasMessageContaining(Texts.quoteName(parent));

    f.vts.advanceTimeBy(Duration.ofHours(1));
    assertThat(f.fake.calls()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "projects/p/locations/us-central1",
      "projects/google.com:my-project/locations/us-central1",
      "projects/p/locations/us-central1/datasets/d"})
  void goodListParentsAreSent(String parent) {
    f.verify(() -> poller.list(parent, "")).verifyComplete();
    assertThat(f.fake.calls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo(parent));
  }

  @Test
  void messagesShowCharactersOutsidePrintableAsciiAsEscapes() {
    String name = BASE + "\uff0e\uff0e";
    assertThatThrownBy(() -> poller.get(name)).hasMessage(
        "operation name has U+FF0E at index 34; segments may use only A-Z a-z 0-9 - _ . ~"
            + " (and one ':' in a domain-scoped project id): "
            + "\"projects/p/locations/l/operations/\\uff0e\\uff0e\"");
    assertThat(Texts.quoteName("a\r\n\u0000\"\\b\u00e9"))
        .isEqualTo("\"a\\u000d\\u000a\\u0000\\\"\\\\b\\u00e9\"");
  }

  @Test
  void quotingShortensLongInputAndNullIsRefused() {
    assertThat(Texts.quoteName("x".repeat(2000))).startsWith("\"xxx").endsWith("(2000 chars)");
    assertThatThrownBy(() -> poller.poll(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operation name");
    assertThatThrownBy(() -> poller.list(null, "")).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("parent");
  }
}
