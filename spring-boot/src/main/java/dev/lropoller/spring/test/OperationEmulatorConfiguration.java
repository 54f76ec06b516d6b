package dev.lropoller.spring.test;

import dev.lropoller.PollPolicy;
import dev.lropoller.spring.LroPollerBuilderCustomizer;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans of {@link AutoConfigureOperationEmulator}: the emulator, and a customizer that points
 * the poller at it. Import it directly where the annotation does not fit; then set the
 * {@code lropoller.*} properties yourself (at least {@code lropoller.credentials.enabled=false}),
 * since only the annotation sets them.
 */
@Configuration(proxyBeanMethods = false)
public class OperationEmulatorConfiguration {
  /**
   * The policy {@link AutoConfigureOperationEmulator}'s properties give when the test sets no
   * {@code lropoller.poll.*} value and the application sets none either: a poll every 10 ms, no
   * jitter, one minute per watch.
   * Operations scripted with {@code doneAfterPolls(n)} finish after about {@code n} × 10 ms.
   */
  public static final PollPolicy FAST_POLICY = PollPolicy.defaults()
      .withInitialInterval(Duration.ofMillis(10)).withMultiplier(1.0).withJitter(0.0)
      .withFirstPollDelay(Duration.ZERO).withTimeout(Duration.ofMinutes(1));

  /** Creates the configuration; Spring calls it. */
  public OperationEmulatorConfiguration() {}

  /**
   * The emulator, started on a random loopback port; closed with the context.
   *
   * @return the running emulator
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public AutoMlEmulator lroPollerEmulator() {
    return AutoMlEmulator.start();
  }

  /**
   * Points the poller at the emulator; nothing else, so every {@code lropoller.*} property
   * applies.
   *
   * @param emulator the emulator
   * @return the customizer
   */
  @Bean
  public LroPollerBuilderCustomizer lroPollerEmulatorCustomizer(AutoMlEmulator emulator) {
    return builder -> builder.endpoint(emulator.baseUri());
  }
}
