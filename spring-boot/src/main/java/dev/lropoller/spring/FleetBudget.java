package dev.lropoller.spring;

import dev.lropoller.spi.RequestBudget;
import java.util.Arrays;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The starter's fleet request budget ({@code lropoller.fleet.enabled=true}): a
 * {@code RedisRequestBudget} on its own Lettuce connection ({@code LazyRedisConnection}, opened on
 * first use and again after a failed attempt) from the client of the application's
 * {@code LettuceConnectionFactory}, and closed with the context after the poller.
 * This class names no Redis type, so the auto-configuration loads without {@code lro-poller-redis}
 * and says what is missing instead.
 */
final class FleetBudget implements AutoCloseable {
  static final String PROPERTY = LroPollerProperties.PREFIX + ".fleet.enabled";
  static final String REDIS_BUDGET = "dev.lropoller.redis.RedisRequestBudget";
  static final String LETTUCE_FACTORY =
      "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";
  private static final String REDIS_FACTORY =
      "org.springframework.data.redis.connection.RedisConnectionFactory";
  private static final String OFF = " Or set " + PROPERTY + "=false to count each replica's budget alone.";

  private final RequestBudget budget;
  private final AutoCloseable connection;

  FleetBudget(RequestBudget budget, AutoCloseable connection) {
    this.budget = budget;
    this.connection = connection;
  }

  /**
   * Opens the budget, or explains what is missing.
   *
   * @throws FleetStartupException if {@code lro-poller-redis}, Spring Data Redis or a Lettuce
   *     connection factory bean is missing; never because Redis cannot be reached (the
   *     connection opens on first use)
   */
  static FleetBudget open(
      String keyPrefix, ConfigurableListableBeanFactory beans, String budgetBeanName) {
    ClassLoader loader = beans.getBeanClassLoader();
    if (!ClassUtils.isPresent(REDIS_BUDGET, loader)) {
      throw new FleetStartupException(
          PROPERTY + "=true needs lro-poller-redis, which is not on the class path.",
          "Add the dependency dev.lropoller:lro-poller-redis." + OFF, null);
    }
    if (!ClassUtils.isPresent(LETTUCE_FACTORY, loader)) {
      throw new FleetStartupException(
          PROPERTY + "=true needs Spring Data Redis with Lettuce (" + LETTUCE_FACTORY
              + "), which is not on the class path.",
          "Add spring-boot-starter-data-redis (or spring-boot-starter-data-redis-reactive) and"
              + " configure spring.data.redis.*." + OFF, null);
    }
    return RedisFleetConnection.open(keyPrefix, beans, budgetBeanName);
  }

  /** The message for an application without a Lettuce connection factory bean. */
  static FleetStartupException noLettuceFactory(ListableBeanFactory beans) {
    String[] others = ClassUtils.isPresent(REDIS_FACTORY, FleetBudget.class.getClassLoader())
        ? beans.getBeanNamesForType(ClassUtils.resolveClassName(REDIS_FACTORY, null), false, false)
        : new String[0];
    String found = others.length == 0
        ? "The application has no Redis connection factory bean."
        : "The application's Redis connection factory beans " + Arrays.toString(others)
            + " are not Lettuce's; the budget uses Lettuce's reactive API.";
    return new FleetStartupException(
        PROPERTY + "=true needs a LettuceConnectionFactory bean. " + found,
        "Use Spring Boot's Redis auto-configuration with its default client (Lettuce), or define"
            + " a LettuceConnectionFactory bean." + OFF, null);
  }

  RequestBudget budget() {
    return budget;
  }

  /** Closes the budget's own connection; the connection factory and its client stay open. */
  @Override
  public void close() throws Exception {
    connection.close();
  }

  @Override
  public String toString() {
    return "FleetBudget[" + budget + "]";
  }
}
