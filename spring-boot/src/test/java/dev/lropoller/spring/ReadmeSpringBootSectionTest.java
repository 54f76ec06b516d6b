package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The README's "Spring Boot" section shows only code that this module compiles and runs: each Java
 * snippet is a marked region of the sample application or its test, and the YAML configures the
 * poller as the text says. Reads the section from the top-level README.md.
 */
class ReadmeSpringBootSectionTest {
  private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
  private static final Path SAMPLE = Path.of("src/test/java/dev/lropoller/spring/sample");

  @Test
  void javaSnippetsAreTheSampleApplicationsCode() throws IOException {
    String compiled = region(SAMPLE.resolve("TrainingController.java"), "// README: controller")
        + region(SAMPLE.resolve("TrainingApplicationTest.java"), "// README: test");
    List<String> java = blocks("java");
    assertThat(java).hasSize(2);
    for (String snippet : java) {
      assertThat(compiled).contains(snippet);
    }
  }

  @Test
  void yamlSnippetConfiguresThePoller() throws IOException {
    List<String> yaml = blocks("yaml");
    assertThat(yaml).hasSize(1);
    List<PropertySource<?>> sources = new YamlPropertySourceLoader()
        .load("readme", new ByteArrayResource(yaml.get(0).getBytes()));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LroPollerAutoConfiguration.class))
        .withInitializer(c -> sources.forEach(s -> c.getEnvironment().getPropertySources().addFirst(s)))
        .run(context -> {
          PollPolicy policy = context.getBean(OperationPoller.class).policy();
          assertThat(policy.initialInterval()).isEqualTo(Duration.ofSeconds(10));
          assertThat(policy.timeout()).isEqualTo(Duration.ofHours(6));
          assertThat(context.getBean(LroPollerProperties.class).getEndpoint())
              .isEqualTo(URI.create("https://us-central1-aiplatform.googleapis.com"));
        });
  }

  /**
   * The "Testing your code" snippets are compiled and run by the benchmarks module's
   * ReadmeSnippetsTest; here every import they show must name a class that exists.
   */
  @Test
  void importsShownInTheTestingSectionExist() throws Exception {
    Pattern importLine = Pattern.compile("^import (static )?([\\w.]+?)(\\.[a-z]\\w*)?;$", Pattern.MULTILINE);
    Matcher m = importLine.matcher(section("Testing your code"));
    List<String> classes = new ArrayList<>();
    while (m.find()) {
      classes.add(m.group(2));
    }
    assertThat(classes).contains("dev.lropoller.testing.FakeOperationsTransport",
        "dev.lropoller.testing.emulator.AutoMlEmulator");
    for (String name : classes) {
      assertThat(Class.forName(name)).as(name).isNotNull();
    }
  }

  private static List<String> blocks(String language) throws IOException {
    List<String> found = new ArrayList<>();
    Matcher m = BLOCK.matcher(section("Spring Boot"));
    while (m.find()) {
      if (m.group(1).equals(language)) {
        found.add(m.group(2).stripTrailing());
      }
    }
    return found;
  }

  private static String section(String title) throws IOException {
    String text = Files.readString(Path.of("../README.md"));
    int start = text.indexOf("\n## " + title + "\n");
    assertThat(start).as("a '## " + title + "' section in README.md").isNotNegative();
    int end = text.indexOf("\n## ", start + 1);
    return text.substring(start, end < 0 ? text.length() : end);
  }

  /** The lines after {@code marker} up to {@code // README: end}. */
  private static String region(Path file, String marker) throws IOException {
    String text = Files.readString(file);
    int start = text.indexOf(marker);
    assertThat(start).as(marker + " in " + file).isNotNegative();
    start = text.indexOf('\n', start) + 1;
    int end = text.indexOf("// README: end", start);
    return text.substring(start, end);
  }
}
