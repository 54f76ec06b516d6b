package dev.lropoller.spring.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Gives a test class with {@link AutoConfigureOperationEmulator} the emulator's
 * {@code lropoller.*} {@link #PROPERTIES} as a property source placed just below the test's own
 * properties ({@code @DynamicPropertySource}, {@code @TestPropertySource(properties = ...)},
 * {@code @SpringBootTest(properties = ...)}) and above everything else, such as the application's
 * {@code application.yml}. A {@code @TestPropertySource} would not do: Spring Boot ranks it above
 * {@code @SpringBootTest(properties = ...)}, so the test could not override it there.
 * Registered in {@code META-INF/spring.factories}; Spring's test framework calls it.
 */
public final class EmulatorDefaults implements ContextCustomizerFactory {
  /** The name of the property source: {@value}. */
  public static final String SOURCE_NAME = "lroPollerEmulatorDefaults";

  /** What {@link AutoConfigureOperationEmulator} sets, each unless the test sets it. */
  public static final Map<String, Object> PROPERTIES = properties();

  /** Creates the factory; Spring's test framework calls it. */
  public EmulatorDefaults() {}

  private static Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("lropoller.credentials.enabled", "false");
    p.put("lropoller.poll.initial-interval", "10ms");
    p.put("lropoller.poll.multiplier", "1");
    p.put("lropoller.poll.jitter", "0");
    p.put("lropoller.poll.first-poll-delay", "0ms");
    p.put("lropoller.poll.timeout", "1m");
    // Empty: unset, so unlimited, whatever the application's configuration says.
    p.put("lropoller.max-requests-per-minute", "");
    return java.util.Collections.unmodifiableMap(p);
  }

  /**
   * The customizer for a test class annotated (or meta-annotated) with
   * {@link AutoConfigureOperationEmulator}.
   *
   * @param testClass the test class
   * @param configAttributes its context configuration
   * @return the customizer, or {@code null} for other test classes
   */
  @Override
  public ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
    boolean annotated = MergedAnnotations
        .from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
        .isPresent(AutoConfigureOperationEmulator.class);
    return annotated ? new Customizer() : null;
  }

  /** Adds the property source; equal to every other, so that test contexts stay cached. */
  private static final class Customizer implements ContextCustomizer {
    @Override
    public void customizeContext(
        ConfigurableApplicationContext context, MergedContextConfiguration config) {
      MutablePropertySources sources = context.getEnvironment().getPropertySources();
      MapPropertySource defaults = new MapPropertySource(SOURCE_NAME, PROPERTIES);
      String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
      if (sources.contains(inlined)) {
        sources.addAfter(inlined, defaults);
      } else {
        sources.addFirst(defaults);
      }
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Customizer;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Customizer.class);
    }
  }
}
