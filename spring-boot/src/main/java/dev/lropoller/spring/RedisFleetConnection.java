package dev.lropoller.spring;

import dev.lropoller.redis.RedisFleetBudget;
import dev.lropoller.redis.RedisRequestBudget;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.reactive.RedisScriptingReactiveCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis side of {@link FleetBudget}, loaded only once {@code lro-poller-redis} and Spring Data
 * Redis are known to be on the class path.
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
    StatefulConnection<String, String> connection;
    RedisScriptingReactiveCommands<String, String> commands;
    try {
      if (client instanceof RedisClusterClient cluster) {
        var c = cluster.connect(StringCodec.UTF8);
        connection = c;
        commands = c.reactive();
      } else if (client instanceof RedisClient single) {
        var c = single.connect(StringCodec.UTF8);
        connection = c;
        commands = c.reactive();
      } else {
        throw new FleetStartupException(
            FleetBudget.PROPERTY + "=true cannot use a Lettuce client of type "
                + client.getClass().getName() + ".",
            "Use a standalone, Sentinel or cluster LettuceConnectionFactory.", null);
      }
    } catch (io.lettuce.core.RedisException e) {
      // Lettuce names host and port, never the password.
      throw new FleetStartupException(
          FleetBudget.PROPERTY + "=true could not connect to Redis at startup: "
              + e.getClass().getSimpleName() + ": " + e.getMessage(),
          "Check that Redis is running and spring.data.redis.* points at it.", e);
    }
    RedisFleetBudget fleet;
    try {
      fleet = RedisFleetBudget.of(commands).withKeyPrefix(keyPrefix);
    } catch (NullPointerException | IllegalArgumentException e) {
      connection.close();
      String name = LroPollerProperties.PREFIX + ".fleet.key-prefix";
      throw new InvalidConfigurationPropertyValueException(name, keyPrefix,
          keyPrefix == null ? "must be set" : e.getMessage());
    }
    return new FleetBudget(RedisRequestBudget.of(fleet), connection::close);
  }
}
