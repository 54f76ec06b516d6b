package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.ProtoJson;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.OperationJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile 200 bodies through the engine: an unreadable snapshot is a transient failure, retried
 * with backoff until a good one comes; a snapshot of another operation ends the watch with an
 * {@link UnexpectedResponseException}. Nothing escapes as another error, and nothing hangs.
 */
class HostileBodyEngineTest {
  private static final String NAME = Fixture.NAME;
  private static final Duration INTERVAL = Duration.ofSeconds(2);

  private final Fixture f = new Fixture();

  private final OperationPoller poller = OperationPoller.builder(f.fake)
      .policy(PollPolicy.fixed(INTERVAL))
      .scheduler(f.vts)
      .build();

  /** Bodies a string cannot carry, each with the name the test report shows. */
  private static Stream<Arguments> rawBodies() {
    return Stream.of(
        Arguments.of("UTF-16 with a BOM", bytes(0xff, 0xfe, '{', 0, '}', 0)),
        Arguments.of("UTF-16 without a BOM", utf16("{\"name\": \"" + NAME + "\", \"done\": true}")),
        Arguments.of("an overlong '/'", withBadByte(0xc0, 0xaf)),
        Arguments.of("a UTF-16 surrogate in UTF-8", withBadByte(0xed, 0xa0, 0x80)),
        Arguments.of("0xff, not UTF-8 at all", withBadByte(0xff)),
        Arguments.of("a UTF-8 BOM alone", bytes(0xef, 0xbb, 0xbf)),
        Arguments.of("over 8 MiB", oversized()));
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] utf16(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }

  private static byte[] withBadByte(int... bad) {
    byte[] head = ("{\"name\": \"" + NAME + "\", \"metadata\": {\"x\": \"")
        .getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}}".getBytes(StandardCharsets.UTF_8);
    byte[] b = Arrays.copyOf(head, head.length + bad.length + tail.length);
    for (int i = 0; i < bad.length; i++) {
      b[head.length + i] = (byte) bad[i];
    }
    System.arraycopy(tail, 0, b, head.length + bad.length, tail.length);
    return b;
  }

  private static byte[] oversized() {
    byte[] b = new byte[ProtoJson.MAX_DOCUMENT_BYTES + 1];
    Arrays.fill(b, (byte) ' ');
    byte[] op = OperationJson.doneEmpty(NAME).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(op, 0, b, 0, op.length);
    return b;
  }

  static Stream<Arguments> hostileBodies() {
    int deep = 100_000;
    String op = "{\"name\": \"" + NAME + "\", ";
    Stream<String> text = Stream.of(
        "[".repeat(deep) + "]".repeat(deep),
        op + "\"metadata\": " + "{\"a\":".repeat(deep) + "1" + "}".repeat(deep) + "}",
        op + "\"done\": true, \"error\": {\"code\": 2, \"message\": \""
            + "x".repeat(ProtoJson.MAX_STRING_LENGTH + 1) + "\"}}",
        op + "\"metadata\": {\"progressPercent\": 1e999999}}",
        op + "\"metadata\": {\"progressPercent\": " + "9".repeat(1000) + "}}",
        op + "\"metadata\": {\"progressPercent\": \"" + "9".repeat(100_000) + "\"}}",
        op + "\"done\": \"yes\"}",
        op + "\"metadata\": [1]}",
        op + "\"done\": true, \"error\": {\"code\": {}}}",
        op + "\"done\": true, \"response\": {\"@type\": 5}}",
        op + "\"done\": true, \"done\": false}",
        "{\"name\": \"" + NAME + "\", \"name\": \"projects/p/locations/l/operations/OTHER\"}",
        "null", "{}", "[]", "true", "\"" + NAME + "\"", "<html>502</html>", " ",
        "[" + op + "\"done\": true}]");
    Stream<Arguments> texts = text.map(t -> Arguments.of(
        t.length() <= 60 ? t : t.substring(0, 60) + "... (" + t.length() + " chars)",
        t.getBytes(StandardCharsets.UTF_8)));
    return Stream.concat(texts, rawBodies());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("hostileBodies")
  void aHostileSnapshotIsRetriedAndTheWatchEndsNormally(String label, byte[] body) {
    f.fake.script(NAME).running(10).body(body).body(body).doneEmpty();

    f.verify(() -> poller.poll(NAME))
        .assertNext(op -> assertThat(op.progressPercent()).hasValue(10))
        .thenAwait(INTERVAL.multipliedBy(10))
        .assertNext(op -> assertThat(op.done()).isTrue())
        .expectComplete()
        .verify(Duration.ofSeconds(20));
    assertThat(f.fake.count(Kind.GET)).isEqualTo(4);
  }

  @Test
  void anUnreadableSnapshotEveryTimeEndsTypedAfterTheFailureLimit() {
    f.fake.script(NAME).body("[".repeat(100_000));

    f.verify(() -> poller.completion(NAME))
        .thenAwait(Duration.ofHours(1))
        .expectErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(RetriesExhaustedException.class)
            .hasMessageContaining(NAME)
            .rootCause().hasMessageContaining("nesting depth (101) exceeds the maximum allowed"))
        .verify(Duration.ofSeconds(20));
    assertThat(f.fake.count(Kind.GET))
        .isEqualTo(PollPolicy.defaults().maxConsecutiveFailures());
  }

  static Stream<Arguments> otherOperations() {
    String other = "projects/p/locations/us-central1/operations/OTHER";
    return Stream.of(
        Arguments.of(OperationJson.doneEmpty(other), other),
        Arguments.of(OperationJson.running(other, 50), other),
        Arguments.of("\uFEFF" + OperationJson.doneEmpty(other), other),
        Arguments.of(OperationJson.doneEmpty("projects/p/locations/l/operations/ICN30748194514470"),
            "projects/p/locations/l/operations/ICN30748194514470"));
  }

  @ParameterizedTest
  @MethodSource("otherOperations")
  void aSnapshotOfAnotherOperationEndsTheWatchAtOnce(String body, String otherName) {
    f.fake.script(NAME).body(body).doneEmpty();

    f.verify(() -> poller.completion(NAME))
        .expectErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(UnexpectedResponseException.class)
            .hasMessage("asked for operation " + NAME + " but the answer is about " + otherName)
            .satisfies(u -> assertThat(((UnexpectedResponseException) u).operationName())
                .isEqualTo(NAME)))
        .verify(Duration.ofSeconds(20));
    f.vts.advanceTimeBy(Duration.ofHours(1));
    assertThat(f.fake.count(Kind.GET)).isEqualTo(1);
  }

  @Test
  void aHostileListPageIsRetriedThenEndsTyped() {
    String parent = "projects/p/locations/us-central1";
    f.fake.listPages(parent, List.of(List.of("[".repeat(100_000))));

    f.verify(() -> poller.list(parent, ""))
        .thenAwait(Duration.ofHours(1))
        .expectErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(RetriesExhaustedException.class)
            .rootCause().hasMessageContaining("nesting depth"))
        .verify(Duration.ofSeconds(20));
    assertThat(f.fake.count(Kind.LIST)).isEqualTo(PollPolicy.defaults().maxConsecutiveFailures());
  }

  @Test
  void anEmptyListPageIsAnEmptyList() {
    String parent = "projects/p/locations/us-central1";
    f.fake.listPages(parent, List.of(List.of()));

    f.verify(() -> poller.list(parent, "")).expectComplete().verify(Duration.ofSeconds(20));
  }
}
