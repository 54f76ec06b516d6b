package dev.lropoller.spring;

import dev.lropoller.OperationPoller;
import dev.lropoller.redis.RedisSharedWatches;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Builds {@link FleetWatches} from {@code lropoller.fleet.*} and the client of the application's
 * {@code LettuceConnectionFactory}. Bad settings stop the startup with Boot's report quoting them;
 * a Redis that cannot be reached does not. A Redis Cluster client gets no shared watches
 * ({@code RedisSharedWatches} takes standalone connections).
 */
final class RedisFleetWatches {
  static final String LEASE_TIME = LroPollerProperties.PREFIX + ".fleet.lease-time";
  static final String WATCH_KEY_PREFIX = LroPollerProperties.PREFIX + ".fleet.watch-key-prefix";
  private static final Duration MAX_LEASE_TIME = Duration.ofDays(1);

  private RedisFleetWatches() {}

  /** The watches, or {@code null} for a cluster client. */
  static FleetWatches open(OperationPoller poller, FleetProperties fleet, Environment environment,
      ConfigurableListableBeanFactory beans, String watchesBeanName) {
    Function<RedisSharedWatches, RedisSharedWatches> settings = settings(fleet, environment);
    // The fleet budget, made before the poller, has checked there is exactly one started factory.
    LettuceConnectionFactory factory = beans.getBean(LettuceConnectionFactory.class);
    for (String name : beans.getBeanNamesForType(LettuceConnectionFactory.class)) {
      // Closes the watches' connections before the factory shuts its client down.
      beans.registerDependentBean(name, watchesBeanName);
    }
    AbstractRedisClient client = factory.getRequiredNativeClient();
    if (!(client instanceof RedisClient single)) {
      // RedisSharedWatches takes standalone connections: a cluster keeps its fleet budget, and
      // the application gets no shared watches bean rather than a failed startup.
      return null;
    }
    SharedWatchTally tally = new SharedWatchTally();
    return new FleetWatches(poller, () -> connect(single, poller, settings.andThen(w -> w.withListener(tally))),
        fleet.getProbeInterval(), tally, fleet.getWatchKeyPrefix());
  }

  /** The watch settings, checked now so that a bad value stops the startup. */
  static Function<RedisSharedWatches, RedisSharedWatches> settings(FleetProperties fleet,
      Environment environment) {
    Duration lease = fleet.getLeaseTime();
    if (lease == null || lease.isZero() || lease.isNegative() || lease.compareTo(MAX_LEASE_TIME) > 0) {
      // Quotes the value as written ("0s"), not as bound (PT0S).
      throw new InvalidConfigurationPropertyValueException(LEASE_TIME,
          environment.getProperty(LEASE_TIME, String.valueOf(lease)),
          "must be more than zero and at most " + MAX_LEASE_TIME);
    }
    String prefix = fleet.getWatchKeyPrefix();
    if (prefix == null || prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
      throw new InvalidConfigurationPropertyValueException(WATCH_KEY_PREFIX, prefix,
          prefix == null ? "must be set" : "must not hold '{' or '}' (they make the hash tag)");
    }
    return w -> w.withLeaseTime(lease).withKeyPrefix(prefix);
  }

  /** Blocking: runs on boundedElastic from {@link FleetWatches}. */
  private static FleetWatches.Opened connect(RedisClient client, OperationPoller poller,
      Function<RedisSharedWatches, RedisSharedWatches> settings) {
    StatefulRedisConnection<String, String> commands = client.connect(StringCodec.UTF8);
    StatefulRedisPubSubConnection<String, String> pubsub;
    try {
      pubsub = client.connectPubSub(StringCodec.UTF8);
    } catch (RuntimeException e) {
      commands.close();
      throw e;
    }
    return new FleetWatches.Opened(
        settings.apply(RedisSharedWatches.of(poller, commands, pubsub)), commands, pubsub);
  }
}
