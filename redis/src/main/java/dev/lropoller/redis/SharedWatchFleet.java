package dev.lropoller.redis;

import dev.lropoller.OperationPoller;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisScriptingReactiveCommands;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * What every shared watch of one {@link RedisSharedWatches} uses: the poller, the Redis
 * commands and channels, and the settings. Immutable.
 */
record SharedWatchFleet(
    OperationPoller poller,
    RedisScriptingReactiveCommands<String, String> redis,
    String scriptSha,
    SharedWatchChannels channels,
    String keyPrefix,
    Duration leaseTime,
    Duration checkInterval,
    Duration snapshotTtl,
    SharedWatchListener listener,
    Scheduler scheduler) {

  /** Runs the script by EVALSHA, loading it by EVAL when Redis lost its script cache. */
  <T> Flux<T> run(ScriptOutputType type, String[] keys, String... args) {
    return Flux.defer(() -> redis.<T>evalsha(scriptSha, type, keys, args))
        .onErrorResume(RedisNoScriptException.class,
            e -> redis.<T>eval(SharedWatchScript.TEXT, type, keys, args));
  }
}
