package dev.lropoller.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.OperationPoller;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** Settings of {@link RedisSharedWatches}: defaults, copy-on-write, and bad input quoted. */
class SharedWatchSettingsTest {
  private static RedisServerProcess redis;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;
  private static StatefulRedisPubSubConnection<String, String> pubsub;
  private static OperationPoller poller;

  @BeforeAll
  static void start() {
    redis = RedisServerProcess.start();
    client = RedisClient.create("redis://127.0.0.1:" + redis.port());
    connection = client.connect();
    pubsub = client.connectPubSub();
    poller = OperationPoller.builder(new FakeOperationsTransport(Schedulers.parallel()))
        .tokenSource(AccessTokenSource.none()).build();
  }

  @AfterAll
  static void stop() {
    poller.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    redis.close();
  }

  private static RedisSharedWatches watches() {
    return RedisSharedWatches.of(poller, connection, pubsub);
  }

  @Test
  void defaultsAreTheDocumentedOnesAndCopiesLeaveTheOriginalAlone() {
    RedisSharedWatches defaults = watches();
    RedisSharedWatches changed = defaults.withLeaseTime(Duration.ofSeconds(30))
        .withKeyPrefix("svc:").withReplicaId("pod-1");

    assertThat(defaults.toString()).contains("keyPrefix=lropoller:watch:", "leaseTime=PT15S",
        "checkInterval=PT5S", "snapshotTtl=PT10M");
    assertThat(changed.toString()).contains("replicaId=pod-1", "keyPrefix=svc:",
        "leaseTime=PT30S", "checkInterval=PT10S");
    assertThat(changed.withCheckInterval(Duration.ofSeconds(2)).toString())
        .contains("checkInterval=PT2S");
    assertThat(defaults.replicaId()).isNotEqualTo(watches().replicaId()).hasSize(36);
  }

  @Test
  void badInputIsRefusedQuotingTheValue() {
    RedisSharedWatches w = watches();
    assertThatThrownBy(() -> w.withLeaseTime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseTime")
        .hasMessageEndingWith(": PT0S");
    assertThatThrownBy(() -> w.withLeaseTime(Duration.ofSeconds(-3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": PT-3S");
    assertThatThrownBy(() -> w.withCheckInterval(Duration.ofSeconds(15)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": PT15S");
    assertThatThrownBy(() -> w.withSnapshotTtl(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": PT48H");
    assertThatThrownBy(() -> w.withKeyPrefix("a{b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a{b'");
    assertThatThrownBy(() -> w.withReplicaId(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
    assertThatThrownBy(() -> w.withReplicaId("pod 1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pod 1'");
    assertThatThrownBy(() -> w.poll("  "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("  ");
    assertThatThrownBy(() -> w.poll("projects/p/models/m"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("projects/p/models/m");
    assertThatThrownBy(() -> w.poll(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operation name");
    assertThatThrownBy(() -> w.withLeaseTime(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("leaseTime");
    assertThatThrownBy(() -> RedisSharedWatches.of(null, connection, pubsub))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("poller");
  }

  @Test
  void aLeaseTimeShorterThanTheCheckIntervalSetDropsItForAThird() {
    RedisSharedWatches w = watches().withCheckInterval(Duration.ofSeconds(10))
        .withLeaseTime(Duration.ofSeconds(6));
    assertThat(w.toString()).contains("leaseTime=PT6S", "checkInterval=PT2S");
  }
}
