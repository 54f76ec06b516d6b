package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lropoller.PollerBuilder;
import dev.lropoller.redis.RedisFleetBudget;
import dev.lropoller.redis.RedisSharedWatches;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jar ships the metadata IDEs complete {@code lropoller.*} from, with descriptions and defaults. */
class ConfigurationMetadataTest {
  @Test
  void everyPropertyIsDescribedWithItsDefault() throws Exception {
    JsonNode metadata;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata on the classpath").isNotNull();
      metadata = new ObjectMapper().readTree(in);
    }
    Map<String, JsonNode> properties = new HashMap<>();
    metadata.get("properties").forEach(p -> properties.put(p.get("name").asText(), p));

    assertThat(properties).containsOnlyKeys(
        "lropoller.endpoint", "lropoller.allow-insecure-endpoint", "lropoller.max-response-size",
        "lropoller.max-in-flight", "lropoller.max-requests-per-minute", "lropoller.budget-key",
        "lropoller.routing.service", "lropoller.routing.location-endpoints",
        "lropoller.poll.initial-interval", "lropoller.poll.multiplier",
        "lropoller.poll.max-interval", "lropoller.poll.jitter", "lropoller.poll.timeout",
        "lropoller.poll.max-attempts", "lropoller.poll.first-poll-delay",
        "lropoller.poll.max-consecutive-failures", "lropoller.poll.request-timeout",
        "lropoller.credentials.enabled", "lropoller.credentials.fail-fast",
        "lropoller.credentials.location", "lropoller.problem-details.enabled",
        "lropoller.metrics.enabled", "lropoller.metrics.project-tag",
        "lropoller.fleet.enabled", "lropoller.fleet.key-prefix", "lropoller.fleet.replicas",
        "lropoller.fleet.probe-interval", "lropoller.fleet.lease-time",
        "lropoller.fleet.watch-key-prefix");
    assertThat(properties.values())
        .allSatisfy(p -> assertThat(p.path("description").asText()).isNotBlank());
    assertThat(properties.get("lropoller.poll.initial-interval").get("defaultValue").asText())
        .isEqualTo("5s");
    assertThat(properties.get("lropoller.poll.timeout").get("defaultValue").asText())
        .isEqualTo("24h");
    assertThat(properties.get("lropoller.endpoint").get("defaultValue").asText())
        .isEqualTo("https://automl.googleapis.com");
    assertThat(properties.get("lropoller.max-response-size").get("defaultValue").asText())
        .isEqualTo("4MB");
    assertThat(properties.get("lropoller.fleet.enabled").get("defaultValue").asBoolean()).isFalse();
    assertThat(properties.get("lropoller.fleet.key-prefix").get("defaultValue").asText())
        .isEqualTo(RedisFleetBudget.DEFAULT_KEY_PREFIX);
    assertThat(properties.get("lropoller.fleet.replicas").get("defaultValue").asInt())
        .isEqualTo(PollerBuilder.DEFAULT_REQUEST_BUDGET_REPLICAS);
    assertThat(properties.get("lropoller.fleet.probe-interval").get("defaultValue").asText())
        .isEqualTo("5s");
    assertThat(Duration.ofSeconds(5)).isEqualTo(PollerBuilder.DEFAULT_REQUEST_BUDGET_PROBE_INTERVAL);
    assertThat(properties.get("lropoller.fleet.lease-time").get("defaultValue").asText())
        .isEqualTo("15s");
    assertThat(Duration.ofSeconds(15)).isEqualTo(RedisSharedWatches.DEFAULT_LEASE_TIME);
    assertThat(properties.get("lropoller.fleet.watch-key-prefix").get("defaultValue").asText())
        .isEqualTo(RedisSharedWatches.DEFAULT_KEY_PREFIX);
  }
}
