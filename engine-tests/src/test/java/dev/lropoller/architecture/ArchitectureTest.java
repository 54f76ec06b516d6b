package dev.lropoller.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's "Architecture" section true: the package rules it states, and the classes it
 * names. Reads the sources of every module of the checkout (this module's parent directory).
 */
class ArchitectureTest {
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern API_CLASS = Pattern.compile("^dev\\.lropoller\\.[A-Z]\\w*");
  /** A backticked CamelCase word, optionally followed by a member: `Name`, `Name.member(…)`. */
  private static final Pattern NAMED_CLASS = Pattern.compile("`([A-Z][a-z]\\w*[A-Z]\\w*|[A-Z][a-z]+)(?:[.#(][^`]*)?`");
  /** Names the section uses that are not this project's classes. */
  private static final Set<String> OUTSIDE = Set.of("Schedulers", "Automatic", "Builder");

  private static Path root;
  private static List<Path> mainSources;
  private static List<Path> allSources;

  @BeforeAll
  static void readTree() throws IOException {
    root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("README.md")).as("checkout root with README.md").exists();
    try (Stream<Path> files = Files.walk(root)) {
      allSources = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> root.relativize(p).toString().contains("/src/"))
          .sorted().toList();
    }
    mainSources = allSources.stream()
        .filter(p -> root.relativize(p).toString().contains("/src/main/java/")).toList();
    assertThat(mainSources).as("main sources found under %s", root).hasSizeGreaterThan(50);
  }

  @Test
  void nothingOutsideCoreImportsInternal() {
    List<String> offenders = new ArrayList<>();
    for (Path p : mainSources) {
      if (root.relativize(p).startsWith("core")) {
        continue;
      }
      for (String imported : imports(p)) {
        if (imported.startsWith("dev.lropoller.internal.")) {
          offenders.add(root.relativize(p) + " imports " + imported);
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void spiModelAndErrorNeverImportTheApiPackageOrTheEngine() {
    List<String> offenders = new ArrayList<>();
    for (Path p : mainSources) {
      String pkg = packageOf(p);
      if (!pkg.equals("dev.lropoller.spi") && !pkg.equals("dev.lropoller.model")
          && !pkg.equals("dev.lropoller.error")) {
        continue;
      }
      for (String imported : imports(p)) {
        if (API_CLASS.matcher(imported).find() || imported.startsWith("dev.lropoller.internal.engine.")) {
          offenders.add(root.relativize(p) + " imports " + imported);
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void theApiPackageHoldsOnlyPublicTypes() {
    List<String> hidden = new ArrayList<>();
    for (Path p : mainSources) {
      if (packageOf(p).equals("dev.lropoller") && !p.getFileName().toString().equals("package-info.java")
          && !Pattern.compile("^public ", Pattern.MULTILINE).matcher(read(p)).find()) {
        hidden.add(root.relativize(p).toString());
      }
    }
    assertThat(hidden).as("package-private types belong in dev.lropoller.internal").isEmpty();
  }

  @Test
  void everyClassTheArchitectureSectionNamesExists() {
    String readme = read(root.resolve("README.md"));
    int start = readme.indexOf("\n## Architecture\n");
    assertThat(start).as("README has an Architecture section").isPositive();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Set<String> simpleNames = new TreeSet<>();
    for (Path p : allSources) {
      String file = p.getFileName().toString();
      simpleNames.add(file.substring(0, file.length() - ".java".length()));
    }
    Set<String> missing = new TreeSet<>();
    Set<String> named = new TreeSet<>();
    Matcher m = NAMED_CLASS.matcher(section);
    while (m.find()) {
      named.add(m.group(1));
    }
    for (String name : named) {
      if (!OUTSIDE.contains(name) && !simpleNames.contains(name)) {
        missing.add(name);
      }
    }
    assertThat(named).as("names found in the section").hasSizeGreaterThan(5);
    assertThat(missing).as("classes the Architecture section names but no module has").isEmpty();
  }

  private static List<String> imports(Path p) {
    List<String> out = new ArrayList<>();
    Matcher m = IMPORT.matcher(read(p));
    while (m.find()) {
      out.add(m.group(2));
    }
    return out;
  }

  private static String packageOf(Path p) {
    Matcher m = PACKAGE.matcher(read(p));
    return m.find() ? m.group(1) : "";
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
