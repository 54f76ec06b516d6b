package dev.lropoller.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.lropoller.bench.fleet.FleetLoadRun;
import dev.lropoller.bench.load.LoadRun;
import dev.lropoller.bench.soak.SoakRun;
import dev.lropoller.bench.tls.TlsLoadRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java} command in README.md and benchmarks/RESULTS.md names a jar the build makes
 * and, for the load runs (the fleet run included) and the soak, flags their parsers accept, so the documented runs keep
 * working when a jar, a flag or the duration grammar changes.
 */
class DocumentedCommandsTest {
  private static final Pattern INLINE = Pattern.compile("`(java [^`]+)`");
  private static final Pattern RUN_CLASS =
      Pattern.compile("(?:dev\\.lropoller\\.bench\\.[a-z]+\\.)?(LoadRun|TlsLoadRun|SoakRun|FleetLoadRun)");
  private static final List<String> JARS = List.of("benchmarks/target/lro-poller-benchmarks.jar",
      "demo/target/lro-poller-demo.jar", "testing/target/lro-poller-emulator.jar");

  @Test
  void everyDocumentedRunNamesABuiltJarAndParses() throws IOException {
    List<String> commands = new ArrayList<>();
    commands.addAll(commands(Files.readString(Path.of("../README.md"))));
    commands.addAll(commands(Files.readString(Path.of("RESULTS.md"))));
    int runs = 0;
    for (String command : commands) {
      List<String> words = Arrays.stream(command.trim().split("\\s+"))
          .map(w -> w.replaceAll("^'|'$", "")).toList();
      for (int i = 0; i + 1 < words.size(); i++) {
        String w = words.get(i);
        String next = words.get(i + 1);
        if ((w.equals("-cp") || w.equals("-jar")) && next.endsWith(".jar")) {
          assertThat(next).as("the jar of: %s", command).isIn(JARS);
        }
        Matcher m = RUN_CLASS.matcher(w);
        if (m.matches()) {
          String[] args = words.subList(i + 1, words.size()).toArray(String[]::new);
          Consumer<String[]> parser = switch (m.group(1)) {
            case "LoadRun" -> LoadRun::parse;
            case "TlsLoadRun" -> TlsLoadRun::parse;
            case "FleetLoadRun" -> FleetLoadRun::parse;
            default -> SoakRun::parse;
          };
          assertThatCode(() -> parser.accept(args)).as(command).doesNotThrowAnyException();
          runs++;
          break;
        }
      }
    }
    assertThat(commands).as("commands found").hasSizeGreaterThan(25);
    assertThat(runs).as("load, TLS and soak runs found").isGreaterThanOrEqualTo(18);
  }

  @Test
  void theDemoIsRunFromItsOwnModule() throws IOException {
    assertThat(Files.readString(Path.of("../README.md")))
        .contains("mvn -B -q -DskipTests package && java -jar demo/target/lro-poller-demo.jar\n");
  }

  /**
   * The {@code java} commands of a Markdown text: lines of fenced blocks (with {@code \}
   * continuations joined) and inline code spans, except the one documented at an old commit.
   */
  static List<String> commands(String markdown) {
    List<String> found = new ArrayList<>();
    boolean fenced = false;
    StringBuilder line = new StringBuilder();
    for (String raw : markdown.split("\n")) {
      if (raw.startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (!fenced) {
        continue;
      }
      line.append(raw.strip());
      if (raw.endsWith("\\")) {
        line.setLength(line.length() - 1);
        line.append(' ');
        continue;
      }
      String l = line.toString();
      line.setLength(0);
      int java = l.indexOf("java -");
      if (java >= 0 && !l.contains("# at commit")) {
        found.add(l.substring(java));
      }
    }
    Matcher m = INLINE.matcher(markdown);
    while (m.find()) {
      found.add(m.group(1).replace('\n', ' '));
    }
    return found;
  }
}
