package dev.lropoller.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Issue 7 item 9: {@code --operation NAME} without Application Default Credentials. */
class RealOperationWatchCredentialsTest {

  @Test
  void withoutApplicationDefaultCredentialsTheWatchReportsACredentialsExceptionWithTheHelp() {
    assumeThat(System.getenv("GOOGLE_APPLICATION_CREDENTIALS")).isNull();
    assumeThat(Files.exists(Path.of(System.getProperty("user.home"), ".config", "gcloud",
        "application_default_credentials.json"))).isFalse();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    // No request is sent without a token, so the loopback endpoint needs no server.
    int exit = new RealOperationWatch(out)
        .watch("projects/p/locations/us-central1/operations/ICN123", URI.create("http://127.0.0.1:9"));

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assumeThat(printed).as("no metadata server answers here").doesNotContain("done=");
    assertThat(exit).isEqualTo(Demo.EXIT_DIFFERENT);
    assertThat(printed)
        .contains("CredentialsException")
        .contains("GOOGLE_APPLICATION_CREDENTIALS")
        .contains("gcloud auth application-default login")
        .doesNotContain("UnexpectedResponseException")
        .doesNotContain("https:<redacted>");
  }
}
