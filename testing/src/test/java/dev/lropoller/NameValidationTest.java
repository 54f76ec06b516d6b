package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.testing.OperationJson;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameValidationTest {
  private final Fixture f = new Fixture();
  private final OperationPoller poller = f.poller(Fixture.exact());

  @ParameterizedTest
  @ValueSource(strings = {
      "projects/p/locations/us-central1/operations/ICN3074819451447",
      "projects/my-project/locations/us-central1/operations/IOD5281059901324392598",
      "projects/123456789012/locations/us-central1/operations/TRL42",
      "projects/example.com:my-proj/locations/us-central1/operations/ICN1",
      "projects/p/locations/eu/operations/TCN1-2_3",
      "projects/p/locations/us-central1/datasets/123/operations/456",
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

  static Stream<Arguments> badNames() {
    String base = "projects/p/locations/l/operations/";
    return Stream.of(
        Arguments.of("", "empty segment"),
        Arguments.of("/", "empty segment"),
        Arguments.of(base, "empty segment"),
        Arguments.of(base + "1/", "empty segment"),
        Arguments.of("/" + base + "1", "empty segment"),
        Arguments.of("projects//locations/l/operations/1", "empty segment"),
        Arguments.of("projects/p/locations/l/operations/..", "'..' segment"),
        Arguments.of("projects/p/../l/operations/1", "'..' segment"),
        Arguments.of("projects/./locations/l/operations/1", "'.' segment"),
        Arguments.of(base + "%2e%2e", "'%'"),
        Arguments.of("projects/p/locations/l/operations%2F1", "'%'"),
        Arguments.of(base + "1?alt=media", "'?'"),
        Arguments.of(base + "1#frag", "'#'"),
        Arguments.of(base + "1\r\nX-Injected: yes", "control"),
        Arguments.of(base + "1\n", "control"),
        Arguments.of(base + "1\u0000", "control"),
        Arguments.of(base + "1 2", "whitespace"),
        Arguments.of(base + "1\t", "whitespace"),
        Arguments.of(base + "1\u00a0", "whitespace"),
        Arguments.of(base + "1\\2", "'\\'"),
        Arguments.of("projects/p/locations/l/models/1", "operations/{id}"),
        Arguments.of("projects/p/locations/l/operation/1", "operations/{id}"),
        Arguments.of("ICN3074819451447", "operations/{id}"),
        Arguments.of("https://automl.googleapis.com/v1/" + base + "1", "empty segment"),
        Arguments.of(base + "x".repeat(1000), "over the limit of 1024"));
  }

  @ParameterizedTest
  @MethodSource("badNames")
  void badNamesAreRejectedAtCallTimeQuotingTheInputAndNothingIsSent(String name, String why) {
    Stream<Function<String, Object>> calls = Stream.of(
        poller::poll, poller::get, poller::model, poller::completion, poller::cancel,
        poller::delete, n -> poller.result(n, ResponseType.JSON));
    calls.forEach(call -> assertThatThrownBy(() -> call.apply(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why)
        .hasMessageContaining(ResourceNames.quote(name)));

    f.vts.advanceTimeBy(Duration.ofHours(1));
    assertThat(f.fake.calls()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void quotingEscapesControlCharactersAndShortensLongInput() {
    assertThat(ResourceNames.quote("a\r\nb")).isEqualTo("\"a\\r\\nb\"");
    assertThat(ResourceNames.quote("x".repeat(2000))).startsWith("\"xxx").endsWith("(2000 chars)");
    assertThatThrownBy(() -> poller.poll(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operation name");
    assertThatThrownBy(() -> poller.list("projects/p/../x", ""))
        .hasMessageContaining("parent").hasMessageContaining("\"projects/p/../x\"");
  }
}
