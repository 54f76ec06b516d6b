package dev.lropoller.bench.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one command-line grammar of the demo and the benchmarks. */
class CommandLineTest {
  private static final List<String> FLAGS =
      List.of("--operations", "--interval", "--fault-rate", "--contenders", "--csv", "--seed");

  private static CommandLine parse(String... args) {
    return CommandLine.parse(args, FLAGS, List.of("--help", "-h"));
  }

  @Test
  void readsSpacedAndInlineValuesAndSwitches() {
    CommandLine cl = parse("--operations", "100_000", "--interval=2.5s", "--help", "--fault-rate", "0.02",
        "--contenders", "lro, raw,,azure", "--csv", "out/load.csv", "--seed", "-7");
    assertThat(cl.integer("--operations", 1)).isEqualTo(100_000);
    assertThat(cl.duration("--interval", Duration.ZERO)).isEqualTo(Duration.ofMillis(2500));
    assertThat(cl.has("--help")).isTrue();
    assertThat(cl.has("-h")).isFalse();
    assertThat(cl.decimal("--fault-rate", 0)).isEqualTo(0.02);
    assertThat(cl.list("--contenders", List.of())).containsExactly("lro", "raw", "azure");
    assertThat(cl.path("--csv", null)).isEqualTo(Path.of("out/load.csv"));
    assertThat(cl.longInteger("--seed", 0)).isEqualTo(-7);
  }

  @Test
  void absentFlagsGiveTheirFallback() {
    CommandLine cl = parse();
    assertThat(cl.has("--operations")).isFalse();
    assertThat(cl.value("--operations")).isEmpty();
    assertThat(cl.atLeast("--operations", 1, 5)).isEqualTo(5);
    assertThat(cl.between("--operations", 1, 10, 3)).isEqualTo(3);
    assertThat(cl.duration("--interval", null)).isNull();
    assertThat(cl.integers("--operations", List.of(1000, 10000))).containsExactly(1000, 10000);
    assertThat(cl.text("--csv", "x")).isEqualTo("x");
  }

  @Test
  void listsOfNumbers() {
    assertThat(parse("--operations", "1000,10000").integers("--operations", List.of()))
        .containsExactly(1000, 10000);
    assertThatThrownBy(() -> parse("--operations", "1000,ten").integers("--operations", List.of()))
        .isInstanceOf(UsageException.class).hasMessage("--operations must be a whole number, got \"ten\"");
    assertThatThrownBy(() -> parse("--contenders", ",").list("--contenders", List.of()))
        .hasMessage("--contenders needs at least one item, got \",\"");
  }

  @Test
  void badCommandLinesQuoteWhatWasWrong() {
    assertThatThrownBy(() -> parse("--frobnicate", "1"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("unknown flag \"--frobnicate\"; flags: --operations --interval");
    assertThatThrownBy(() -> parse("--interval")).hasMessage("--interval needs a value");
    assertThatThrownBy(() -> parse("--interval", "--help")).hasMessage("--interval needs a value");
    assertThatThrownBy(() -> parse("--help=yes")).hasMessage("--help takes no value, got \"--help=yes\"");
    assertThatThrownBy(() -> parse("--seed", "1", "--seed=2"))
        .hasMessage("--seed given twice: \"1\" and \"2\"");
    assertThatThrownBy(() -> parse("--operations", "0").atLeast("--operations", 1, 5))
        .hasMessage("--operations must be at least 1, got \"0\"");
    assertThatThrownBy(() -> parse("--operations", "11").between("--operations", 1, 10, 5))
        .hasMessage("--operations must be a whole number from 1 to 10, got \"11\"");
    assertThatThrownBy(() -> parse("--operations", "ten").between("--operations", 1, 10, 5))
        .hasMessage("--operations must be a whole number from 1 to 10, got \"ten\"");
    assertThatThrownBy(() -> parse("--interval", "5x").duration("--interval", null))
        .hasMessageStartingWith("--interval must be a duration such as 500ms").hasMessageEndingWith("got \"5x\"");
    assertThatThrownBy(() -> parse("--fault-rate", "NaN").decimal("--fault-rate", 0))
        .hasMessage("--fault-rate must be a decimal number such as 0.02, got \"NaN\"");
    assertThatThrownBy(() -> parse("--seed", "1.5").longInteger("--seed", 0))
        .hasMessage("--seed must be a whole number, got \"1.5\"");
  }
}
