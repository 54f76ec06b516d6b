package dev.lropoller.spring;

import com.google.auth.oauth2.GoogleCredentials;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.micrometer.MicrometerPollListener;
import dev.lropoller.reactor.GoogleOperationPoller;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.stream.Collectors;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Auto-configures one {@link OperationPoller} for the application, built by
 * {@link GoogleOperationPoller} from the {@code lropoller.*} properties
 * ({@link LroPollerProperties}):
 *
 * <ul>
 *   <li>credentials: a {@link GoogleCredentials} bean when there is one, else the file of
 *       {@code lropoller.credentials.location}, else Application Default Credentials; none with {@code lropoller.credentials.enabled=false}; checked at startup
 *       with {@code lropoller.credentials.fail-fast=true};
 *   <li>the event loops of a {@link ReactorResourceFactory} bean (WebFlux and WebClient
 *       applications have one), with the poller's own connection pool;
 *   <li>every {@link PollListener} bean, such as the Micrometer binding;
 *   <li>with {@code lropoller.fleet.enabled=true}, a request budget shared by every replica on
 *       Redis ({@code lro-poller-redis}), on a connection from the application's
 *       {@code LettuceConnectionFactory}; startup fails, saying what is missing, without them;
 *       and a {@link FleetWatches} bean, the poller's watches shared by the replicas
 *       ({@code lropoller.fleet.lease-time}, {@code lropoller.fleet.watch-key-prefix});
 *   <li>every {@link LroPollerBuilderCustomizer} bean, last;
 *   <li>closed when the context stops, before the web server's graceful shutdown waits for open
 *       requests.
 * </ul>
 *
 * <p>With a {@code MeterRegistry} bean and {@code lro-poller-micrometer}, the poller's meters
 * ({@code lropoller.polls}, {@code lropoller.poll.latency}, {@code lropoller.watches.active}, ...;
 * off with {@code lropoller.metrics.enabled=false}). With Jackson, modules that write the model types in their ProtoJSON shape; in a web
 * application, the mapping of the poller's errors to RFC 9457 problem details (opt out with
 * {@code lropoller.problem-details.enabled=false}); with Spring Boot's health module (Boot 4) or
 * Actuator's health API (Boot 3), a health contributor named {@code lroPoller}. Backs off when the application defines its own
 * {@code OperationPoller} bean.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({OperationPoller.class, GoogleOperationPoller.class})
@EnableConfigurationProperties(LroPollerProperties.class)
public class LroPollerAutoConfiguration {
  /** Creates the auto-configuration; Spring calls it. */
  public LroPollerAutoConfiguration() {}

  /**
   * The poller.
   *
   * @param properties the {@code lropoller.*} properties
   * @param environment where the properties come from, to quote a bad value as written
   * @param credentials the application's credentials, if any
   * @param resources Spring's Reactor Netty resources, if any
   * @param listeners every listener bean
   * @param customizers every customizer bean
   * @param fleet the fleet request budget, with {@code lropoller.fleet.enabled=true}
   * @return the poller, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public OperationPoller operationPoller(
      LroPollerProperties properties,
      Environment environment,
      ObjectProvider<GoogleCredentials> credentials,
      ObjectProvider<ReactorResourceFactory> resources,
      ObjectProvider<PollListener> listeners,
      ObjectProvider<LroPollerBuilderCustomizer> customizers,
      ObjectProvider<FleetBudget> fleet) {
    GoogleOperationPoller.Builder builder = GoogleOperationPoller.builder();
    PollerSettings.apply(properties, environment, builder);
    FleetBudget shared = fleet.getIfAvailable();
    if (shared != null) {
      PollerSettings.fleet(shared, properties, environment, builder);
    }
    LroPollerProperties.Credentials creds = properties.getCredentials();
    if (!creds.isEnabled()) {
      builder.noCredentials();
    } else {
      GoogleCredentials resolved =
          CredentialsCheck.resolve(credentials.getIfAvailable(), creds.getLocation(), environment,
              creds.isFailFast());
      if (resolved != null) {
        builder.credentials(resolved);
      }
    }
    ReactorResourceFactory factory = resources.getIfAvailable();
    if (factory != null) {
      builder.loopResources(factory.getLoopResources());
    }
    builder.listener(PollListener.composite(listeners.orderedStream().collect(Collectors.toList())));
    customizers.orderedStream().forEach(c -> c.customize(builder));
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      // The only check left to build(): plain http to a host that is not loopback.
      throw new InvalidConfigurationPropertyValueException(
          LroPollerProperties.PREFIX + ".endpoint",
          PollerSettings.shown(environment, LroPollerProperties.PREFIX + ".endpoint",
              properties.getEndpoint()),
          e.getMessage());
    }
  }

  @Bean
  PollerShutdown lroPollerShutdown(ObjectProvider<OperationPoller> pollers) {
    return new PollerShutdown(pollers);
  }

  /**
   * The request budget shared by every replica ({@code lropoller.fleet.enabled=true}): Redis
   * through {@code lro-poller-redis}, on the application's {@code LettuceConnectionFactory}.
   * Never falls back to local budgets when a piece is missing: startup fails and says which.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = LroPollerProperties.PREFIX + ".fleet", name = "enabled", havingValue = "true")
  static class FleetConfiguration {
    static final String BUDGET_BEAN = "lroPollerFleetBudget";

    @Bean
    FleetBudgetState lroPollerFleetBudgetState(LroPollerProperties properties) {
      return new FleetBudgetState(properties.getFleet().getKeyPrefix());
    }

    @Bean(name = BUDGET_BEAN, destroyMethod = "close")
    FleetBudget lroPollerFleetBudget(
        LroPollerProperties properties, ConfigurableListableBeanFactory beans) {
      return FleetBudget.open(properties.getFleet().getKeyPrefix(), beans, BUDGET_BEAN);
    }

    /**
     * Watches shared by the replicas ({@link FleetWatches}) on the application's poller, on their
     * own connections from the budget's Lettuce client; closed before the connection factory.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {FleetWatchesConfiguration.REDIS_WATCHES, FleetBudget.LETTUCE_FACTORY})
    static class FleetWatchesConfiguration {
      static final String REDIS_WATCHES = "dev.lropoller.redis.RedisSharedWatches";
      static final String WATCHES_BEAN = "lroPollerFleetWatches";

      @Bean(name = WATCHES_BEAN, destroyMethod = "close")
      FleetWatches lroPollerFleetWatches(OperationPoller poller, LroPollerProperties properties,
          Environment environment, ConfigurableListableBeanFactory beans) {
        return RedisFleetWatches.open(
            poller, properties.getFleet(), environment, beans, WATCHES_BEAN);
      }

      /**
       * The shared watches' meters ({@link SharedWatchMeters}) in the application's
       * {@code MeterRegistry}, once every bean exists, when there are both.
       */
      @Configuration(proxyBeanMethods = false)
      @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
      @ConditionalOnProperty(
          prefix = LroPollerProperties.PREFIX + ".metrics",
          name = "enabled",
          matchIfMissing = true)
      static class SharedWatchMetersConfiguration {
        @Bean
        SmartInitializingSingleton lroPollerSharedWatchMeters(
            ObjectProvider<MeterRegistry> registry, ObjectProvider<FleetWatches> watches) {
          return () -> {
            MeterRegistry r = registry.getIfAvailable();
            FleetWatches w = watches.getIfAvailable();
            if (r != null && w != null) {
              SharedWatchMeters.bind(r, w);
            }
          };
        }
      }
    }
  }

  /** Writes the model types with Jackson 3, Spring Boot 4's default for web codecs. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "tools.jackson.databind.JacksonModule")
  static class Jackson3Configuration {
    @Bean
    @ConditionalOnMissingBean
    LroPollerJacksonModule lroPollerJacksonModule() {
      return new LroPollerJacksonModule();
    }
  }

  /** Writes the model types with Jackson 2, where an application still uses it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "com.fasterxml.jackson.databind.Module")
  static class Jackson2Configuration {
    @Bean
    @ConditionalOnMissingBean
    LroPollerJackson2Module lroPollerJackson2Module() {
      return new LroPollerJackson2Module();
    }
  }

  /** Answers the poller's errors with problem details in web applications. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication
  @ConditionalOnProperty(
      prefix = LroPollerProperties.PREFIX + ".problem-details",
      name = "enabled",
      matchIfMissing = true)
  static class ProblemDetailsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    LroProblemDetailsAdvice lroProblemDetailsAdvice() {
      return new LroProblemDetailsAdvice();
    }
  }

  /**
   * Records the poller's meters ({@code lropoller.*}) in the application's {@code MeterRegistry}
   * when it has one and {@code lro-poller-micrometer} is on the classpath.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {
    "io.micrometer.core.instrument.MeterRegistry",
    "dev.lropoller.micrometer.MicrometerPollListener"
  })
  @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
  @ConditionalOnProperty(
      prefix = LroPollerProperties.PREFIX + ".metrics",
      name = "enabled",
      matchIfMissing = true)
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    MicrometerPollListener lroPollerMeters(MeterRegistry registry, LroPollerProperties properties) {
      return MicrometerPollListener.create(registry, properties.getMetrics().isProjectTag());
    }
  }

  /** Reports the poller's state to Spring Boot 4's health endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "lroPollerHealthIndicator")
    PollerHealthIndicator lroPollerHealthIndicator(OperationPoller poller,
        ObjectProvider<FleetBudgetState> fleet, ObjectProvider<FleetDetails> watches) {
      return new PollerHealthIndicator(poller, fleet.getIfAvailable(), watches.getIfAvailable());
    }
  }

  /**
   * Reports the poller's state to Spring Boot 3's health endpoint, whose API is in
   * {@code spring-boot-actuator}; Boot 4 has no such class, so only one of the two applies.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  static class Boot3HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "lroPollerHealthIndicator")
    Boot3PollerHealthIndicator lroPollerHealthIndicator(OperationPoller poller,
        ObjectProvider<FleetBudgetState> fleet, ObjectProvider<FleetDetails> watches) {
      return new Boot3PollerHealthIndicator(poller, fleet.getIfAvailable(), watches.getIfAvailable());
    }
  }
}
