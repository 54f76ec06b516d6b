package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@code lropoller.fleet.enabled=true} with a piece missing gives Spring Boot's "APPLICATION
 * FAILED TO START" report through {@link FleetFailureAnalyzer} (registered in
 * {@code spring.factories}): the property and what is missing, an action, no stack trace, and
 * never the Redis password. A Redis that cannot be reached is not a missing piece: the application
 * starts (its poller's keys count locally until Redis answers).
 */
@ExtendWith(OutputCaptureExtension.class)
class FleetFailureReportTest {
  private static final String REPORT_START = "***************************";

  /** Just the starter's auto-configuration, without any Redis connection factory. */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(LroPollerAutoConfiguration.class)
  static class App {}

  /** A Lettuce factory, with a password, pointing at a port where no Redis listens. */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(LroPollerAutoConfiguration.class)
  static class UnreachableRedisApp {
    @Bean
    LettuceConnectionFactory redisConnectionFactory() {
      RedisStandaloneConfiguration conf = new RedisStandaloneConfiguration("127.0.0.1", 9);
      conf.setPassword("s3cret-pw");
      return new LettuceConnectionFactory(conf);
    }
  }

  private static void run(Class<?> app) {
    SpringApplication application = new SpringApplication(app);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.run("--lropoller.fleet.enabled=true", "--lropoller.max-requests-per-minute=600",
        "--lropoller.credentials.enabled=false").close();
  }

  private static String report(CapturedOutput output) {
    String all = output.getAll();
    int start = all.indexOf(REPORT_START);
    assertThat(start).as("a failure report in:\n" + all).isNotNegative();
    String report = all.substring(start).stripTrailing();
    System.out.println("---- report ----\n" + report + "\n---- end ----");
    return report;
  }

  @Test
  void noLettuceFactoryIsReportedWithThePropertyAndWhatIsMissing(CapturedOutput output) {
    assertThatThrownBy(() -> run(App.class)).hasRootCauseInstanceOf(FleetStartupException.class);

    assertThat(report(output)).contains("APPLICATION FAILED TO START")
        .contains("Description:\n\nlropoller.fleet.enabled=true needs a LettuceConnectionFactory bean."
            + " The application has no Redis connection factory bean.")
        .contains("Action:\n\nUse Spring Boot's Redis auto-configuration with its default client"
            + " (Lettuce), or define a LettuceConnectionFactory bean. Or set"
            + " lropoller.fleet.enabled=false to count each replica's budget alone.");
    assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("Application run failed");
  }

  @Test
  void anUnreachableRedisDoesNotStopTheStartupNorShowItsPassword(CapturedOutput output) {
    run(UnreachableRedisApp.class);

    assertThat(output.getAll()).doesNotContain("APPLICATION FAILED TO START")
        .doesNotContain("s3cret-pw");
  }
}
