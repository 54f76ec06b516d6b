package dev.lropoller.spring;

import dev.lropoller.redis.LazyRedisConnection;
import dev.lropoller.redis.RedisFleetBudget;
import dev.lropoller.redis.RedisRequestBudget;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis side of {@link FleetBudget}, loaded only once {@code lro-poller-redis} and Spring Data
 * Redis are known to be on the class path. The budget's connection is a
 * {@link LazyRedisConnection} from the factory's client: it is not needed at startup, so a Redis
 * that is down starts the poller in degraded mode instead of stopping the application.
 */
final class RedisFleetConnection {
  private RedisFleetConnection() {}

  static FleetBudget open(String keyPrefix, ListableBeanFactory beans, String budgetBeanName) {
    String[] names = beans.getBeanNamesForType(LettuceConnectionFactory.class);
    if (names.length == 0) {
      throw FleetBudget.noLettuceFactory(beans);
    }
    LettuceConnectionFactory factory = beans.getBeanProvider(LettuceConnectionFactory.class).getIfUnique();
    if (factory == null) {
      throw new FleetStartupException(
          FleetBudget.PROPERTY + "=true needs one LettuceConnectionFactory bean, but found "
              + names.length + ": " + String.join(", ", names) + ".",
          "Mark the one the budget should use @Primary.", null);
    }
    if (beans instanceof ConfigurableListableBeanFactory configurable) {
      for (String name : names) {
        if (configurable.getBean(name) == factory) {
          // Closes the budget's connection before the factory shuts its client down.
          configurable.registerDependentBean(name, budgetBeanName);
        }
      }
    }
    AbstractRedisClient client;
    try {
      client = factory.getRequiredNativeClient();
    } catch (IllegalStateException e) {
      throw new FleetStartupException(
          FleetBudget.PROPERTY + "=true found the LettuceConnectionFactory not started: "
              + e.getMessage(),
          "Leave the factory's auto-startup and early startup on (their defaults).", e);
    }
    LazyRedisConnection connection;
    if (client instanceof RedisClusterClient cluster) {
      connection = LazyRedisConnection.of(cluster);
    } else if (client instanceof RedisClient single) {
      connection = LazyRedisConnection.ofDefaultUri(single);
    } else {
      throw new FleetStartupException(
          FleetBudget.PROPERTY + "=true cannot use a Lettuce client of type "
              + client.getClass().getName() + ".",
          "Use a standalone, Sentinel or cluster LettuceConnectionFactory.", null);
    }
    RedisFleetBudget fleet;
    try {
      fleet = RedisFleetBudget.of(connection).withKeyPrefix(keyPrefix);
    } catch (NullPointerException | IllegalArgumentException e) {
      connection.close();
      String name = LroPollerProperties.PREFIX + ".fleet.key-prefix";
      throw new InvalidConfigurationPropertyValueException(name, keyPrefix,
          keyPrefix == null ? "must be set" : e.getMessage());
    }
    // Starts connecting now without waiting: a Redis that is down does not stop the startup; the
    // poller's keys count locally until an ask reaches it (each ask tries to connect again).
    connection.commands().subscribe(null, unreachable -> { });
    return new FleetBudget(RedisRequestBudget.of(fleet), connection::close);
  }
}
