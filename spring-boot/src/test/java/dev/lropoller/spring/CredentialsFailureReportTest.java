package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.error.CredentialsException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

/**
 * Credentials that stop the startup give Spring Boot's "APPLICATION FAILED TO START" report,
 * with a description and an action naming the starter's properties, and no stack trace; without
 * fail-fast, the 503's detail names the starter's property too.
 *
 * <p>Application Default Credentials are made missing for real: no
 * {@code GOOGLE_APPLICATION_CREDENTIALS}, {@code user.home} pointed at an empty directory (where
 * Google Auth looks for gcloud's file), and {@code NO_GCE_CHECK=true} (set by the build) so that
 * no metadata server is asked.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialsFailureReportTest {
  private static final String REPORT_START = "***************************";

  @TempDir Path home;
  private String userHome;

  /** Just the starter's auto-configuration, as an application without a web server has it. */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(LroPollerAutoConfiguration.class)
  static class App {}

  @BeforeEach
  void withoutApplicationDefaultCredentials() {
    assumeThat(System.getenv("GOOGLE_APPLICATION_CREDENTIALS")).isNull();
    assumeThat(System.getenv("CLOUDSDK_CONFIG")).isNull();
    assumeThat(System.getenv("NO_GCE_CHECK")).as("set by the surefire configuration").isEqualTo("true");
    userHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
  }

  @AfterEach
  void restoreHome() {
    if (userHome != null) {
      System.setProperty("user.home", userHome);
    }
  }

  private static ConfigurableApplicationContext run(String... properties) {
    SpringApplication application = new SpringApplication(App.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    String[] args = new String[properties.length];
    for (int i = 0; i < properties.length; i++) {
      args[i] = "--" + properties[i];
    }
    return application.run(args);
  }

  /** The failure report as Boot printed it, from its first line of stars to the end. */
  private static String report(CapturedOutput output) {
    String all = output.getAll();
    int start = all.indexOf(REPORT_START);
    assertThat(start).as("a failure report in:\n" + all).isNotNegative();
    String report = all.substring(start).stripTrailing();
    System.out.println("---- report ----\n" + report + "\n---- end ----");
    return report;
  }

  @Test
  void missingApplicationDefaultCredentialsAreReportedWithoutAStackTrace(CapturedOutput output) {
    assertThatThrownBy(() -> run("lropoller.credentials.fail-fast=true"))
        .hasRootCauseInstanceOf(java.io.IOException.class);

    String report = report(output);
    assertThat(report).contains("APPLICATION FAILED TO START")
        .contains("Description:\n\nNo Google credentials found, checked at startup because"
            + " lropoller.credentials.fail-fast=true: Your default credentials were not found.")
        .contains("Action:\n\nSet lropoller.credentials.location to a service account key file"
            + " (such as file:/secrets/sa.json), define a GoogleCredentials bean, set"
            + " GOOGLE_APPLICATION_CREDENTIALS or run 'gcloud auth application-default login';"
            + " or set lropoller.credentials.enabled=false for an emulator.");
    assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("Application run failed");
  }

  @Test
  void aMissingCredentialsFileIsReportedAsAnInvalidValue(CapturedOutput output) {
    Path missing = home.resolve("missing-sa.json");

    assertThatThrownBy(() -> run("lropoller.credentials.location=file:" + missing));

    String report = report(output);
    assertThat(report).contains("APPLICATION FAILED TO START")
        .contains("Invalid value 'file:" + missing + "' for configuration property"
            + " 'lropoller.credentials.location'")
        .contains("cannot read Google credentials from it")
        .contains("Action:");
    assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("Application run failed");
  }

  @Test
  void withoutFailFastThe503NamesTheStartersPropertyNotTheBuilder() {
    try (ConfigurableApplicationContext context = run("lropoller.endpoint=http://127.0.0.1:9")) {
      OperationPoller poller = context.getBean(OperationPoller.class);

      Throwable error = poller.get("projects/p/locations/us-central1/operations/1")
          .then(reactor.core.publisher.Mono.<Throwable>empty())
          .onErrorResume(reactor.core.publisher.Mono::just)
          .block(Duration.ofSeconds(20));

      assertThat(error).isInstanceOf(CredentialsException.class);
      ProblemDetail problem = OperationProblems.of(error);
      assertThat(problem.getStatus()).isEqualTo(503);
      assertThat(problem.getDetail())
          .contains("lropoller.credentials.enabled=false")
          .doesNotContain("noCredentials()");
    }
  }
}
