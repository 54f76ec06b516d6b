package dev.lropoller.spring;

import dev.lropoller.PollPolicy;
import dev.lropoller.reactor.GoogleOperationPoller;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@link LroPollerProperties} to a builder. The library validates each value; a refusal
 * is rethrown naming the property and the value, which Boot's failure analysis prints at startup.
 */
final class PollerSettings {
  private PollerSettings() {}

  static void apply(
      LroPollerProperties props, PropertyResolver env, GoogleOperationPoller.Builder builder) {
    routing(props, env, builder);
    if (props.isAllowInsecureEndpoint()) {
      builder.allowInsecureEndpoint();
    }
    DataSize size = props.getMaxResponseSize();
    set(env, "max-response-size", size, s -> builder.maxResponseBytes(toBytes(s)));
    if (props.getMaxInFlight() != null) {
      set(env, "max-in-flight", props.getMaxInFlight(), builder::maxInFlight);
    }
    if (props.getMaxRequestsPerMinute() != null) {
      set(env, "max-requests-per-minute", props.getMaxRequestsPerMinute(),
          builder::maxRequestsPerMinute);
    }
    if (props.getBudgetKey() != null) {
      builder.budgetKey(props.getBudgetKey());
    }
    builder.policy(policy(props.getPoll(), env));
  }

  /**
   * One endpoint, or routing by location: {@code lropoller.routing.service} replaces
   * {@code lropoller.endpoint}, so setting both is refused rather than one silently ignored.
   */
  private static void routing(
      LroPollerProperties props, PropertyResolver env, GoogleOperationPoller.Builder builder) {
    RoutingProperties routing = props.getRouting();
    String endpointName = LroPollerProperties.PREFIX + ".endpoint";
    if (routing.getService() == null) {
      if (!routing.getLocationEndpoints().isEmpty()) {
        throw new InvalidConfigurationPropertyValueException(
            LroPollerProperties.PREFIX + ".routing.location-endpoints",
            routing.getLocationEndpoints().keySet(),
            "needs lropoller.routing.service (automl or vertex-ai) to route by location");
      }
      set(env, "endpoint", props.getEndpoint(), builder::endpoint);
      return;
    }
    if (env.containsProperty(endpointName)) {
      throw new InvalidConfigurationPropertyValueException(endpointName,
          shown(env, endpointName, props.getEndpoint()),
          "cannot be combined with lropoller.routing.service=" + routing.getService()
              + ", which sends each request to its location's endpoint;"
              + " use lropoller.routing.location-endpoints.<location> to override one");
    }
    builder.service(routing.getService());
    routing.getLocationEndpoints().forEach((location, uri) ->
        set(env, "routing.location-endpoints." + location, uri,
            u -> builder.locationEndpoint(location, u)));
  }

  static PollPolicy policy(PollProperties poll, PropertyResolver env) {
    PollPolicy p = PollPolicy.defaults();
    p = with(env, p, "poll.initial-interval", poll.getInitialInterval(), PollPolicy::withInitialInterval);
    p = with(env, p, "poll.multiplier", poll.getMultiplier(), PollPolicy::withMultiplier);
    p = with(env, p, "poll.max-interval", poll.getMaxInterval(), PollPolicy::withMaxInterval);
    p = with(env, p, "poll.jitter", poll.getJitter(), PollPolicy::withJitter);
    p = with(env, p, "poll.timeout", poll.getTimeout(), PollPolicy::withTimeout);
    if (poll.getMaxAttempts() != null) {
      p = with(env, p, "poll.max-attempts", poll.getMaxAttempts(), PollPolicy::withMaxAttempts);
    }
    p = with(env, p, "poll.first-poll-delay", poll.getFirstPollDelay(), PollPolicy::withFirstPollDelay);
    p = with(env, p, "poll.max-consecutive-failures", poll.getMaxConsecutiveFailures(),
        PollPolicy::withMaxConsecutiveFailures);
    p = with(env, p, "poll.request-timeout", poll.getRequestTimeout(), PollPolicy::withRequestTimeout);
    return p;
  }

  private static int toBytes(DataSize size) {
    long bytes = size.toBytes();
    if (bytes <= 0 || bytes > GoogleOperationPoller.LARGEST_MAX_RESPONSE_BYTES) {
      throw new IllegalArgumentException("must be between 1B and "
          + GoogleOperationPoller.LARGEST_MAX_RESPONSE_BYTES + "B (8MB), but was " + size);
    }
    return (int) bytes;
  }

  private static <V> PollPolicy with(PropertyResolver env,
      PollPolicy policy, String key, V value, BiFunction<PollPolicy, V, PollPolicy> setter) {
    PollPolicy[] result = new PollPolicy[1];
    set(env, key, value, v -> result[0] = setter.apply(policy, v));
    return result[0];
  }

  /**
   * The fleet budget and its degraded-mode settings ({@code lropoller.fleet.*}). Refuses an
   * enabled fleet without {@code lropoller.max-requests-per-minute}: keys without a limit never
   * ask the budget, so the fleet would share nothing.
   */
  static void fleet(
      FleetBudget fleet, LroPollerProperties props, PropertyResolver env,
      GoogleOperationPoller.Builder builder) {
    FleetProperties settings = props.getFleet();
    set(env, "fleet.replicas", settings.getReplicas(), builder::requestBudgetReplicas);
    set(env, "fleet.probe-interval", settings.getProbeInterval(), builder::requestBudgetProbeInterval);
    if (props.getMaxRequestsPerMinute() == null) {
      throw new InvalidConfigurationPropertyValueException(
          LroPollerProperties.PREFIX + ".max-requests-per-minute", null,
          "must be set with " + FleetBudget.PROPERTY + "=true: the fleet shares this limit, and"
              + " keys without a limit never ask the shared budget");
    }
    builder.requestBudget(fleet.budget());
  }

  private static <V> void set(PropertyResolver env, String key, V value, Consumer<V> setter) {
    String name = LroPollerProperties.PREFIX + "." + key;
    if (value == null) {
      throw new InvalidConfigurationPropertyValueException(name, null, "must be set");
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvalidConfigurationPropertyValueException(name, shown(env, name, value), e.getMessage());
    }
  }

  /** The value as the user wrote it ({@code -1s}, not {@code PT-1S}) when the environment has it. */
  static Object shown(PropertyResolver env, String name, Object bound) {
    String raw = env.getProperty(name);
    return raw != null ? raw : bound;
  }
}
