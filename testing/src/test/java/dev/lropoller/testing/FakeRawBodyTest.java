package dev.lropoller.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** {@link FakeOperationsTransport.Script#body(byte[])}: exact bytes, isolated from every holder. */
class FakeRawBodyTest {
  private static final String NAME = "projects/p/locations/us-central1/operations/ICN1";
  private static final Duration SAFETY = Duration.ofSeconds(5);

  private final FakeOperationsTransport fake =
      new FakeOperationsTransport(VirtualTimeScheduler.create());

  @Test
  void aRawBodyIsAnsweredByteForByteAndRecordedAsAGet() {
    byte[] utf16 = {(byte) 0xff, (byte) 0xfe, '{', 0, '}', 0};
    fake.script(NAME).body(utf16);

    assertThat(fake.getOperation(NAME, AccessToken.none()).block(SAFETY)).containsExactly(utf16);
    assertThat(fake.count(Kind.GET)).isEqualTo(1);
  }

  @Test
  void changingTheScriptedArrayOrAnAnswerLeavesLaterAnswersAlone() {
    byte[] raw = {'{', '}'};
    fake.script(NAME).body(raw);
    raw[0] = 'X';

    byte[] first = fake.getOperation(NAME, AccessToken.none()).block(SAFETY);
    first[1] = 'Y';
    // The last outcome repeats, so the second GET answers the same script entry.
    byte[] second = fake.getOperation(NAME, AccessToken.none()).block(SAFETY);

    assertThat(second).containsExactly('{', '}');
    assertThat(second).isNotSameAs(first);
  }

  @Test
  void aNullBodyIsRefusedWhenScripted() {
    assertThatThrownBy(() -> fake.script(NAME).body((byte[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("raw");
  }
}
