package dev.lropoller.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lropoller.spring.test.AutoConfigureOperationEmulator;
import io.netty.util.Version;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * This module runs the starter's sample application tests ({@link TrainingApplicationTest},
 * {@link TrainingShutdownTest}, ...) compiled against Spring Boot 3.5; this test proves they do
 * run there: Boot 3.5, its Netty 4.1, Jackson 2, and the starter's Boot 3 health indicator.
 */
@SpringBootTest(classes = TrainingApplication.class)
@AutoConfigureOperationEmulator
class Boot35TrainingApplicationTest {
  @Test
  void runsOnBoot35WithItsManagedLibraries(@Autowired ApplicationContext context) {
    assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
    assertThat(Version.identify().get("netty-common").artifactVersion()).startsWith("4.1.");
    assertThat(context.getBeansOfType(ObjectMapper.class)).isNotEmpty();
    // Boot 3's health API: the starter's Boot 3 indicator, not the Boot 4 one.
    assertThat(context.getBean("lroPollerHealthIndicator"))
        .isInstanceOf(HealthIndicator.class);
  }
}
