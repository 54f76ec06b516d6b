package dev.lropoller.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.reactive.RedisScriptingReactiveCommands;
import io.lettuce.core.cluster.api.reactive.RedisAdvancedClusterReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * Runs {@link FleetBudgetScript} on one Lettuce connection: EVALSHA, then EVAL when the server has
 * lost its script cache (NOSCRIPT), which runs the script and caches it again.
 *
 * <p>When the reactive commands are a Lettuce connection's own ({@code connection.reactive()},
 * standalone or cluster), the script goes through that connection's async API instead: the same
 * command on the same connection with the same timeout, without the reactive API's per-command
 * publisher and subscription (in {@code BudgetCallCost}, 26.5 against 32.5 µs of client CPU per
 * request, the reactive commands there behind a JDK proxy). Other implementations of
 * {@link RedisScriptingReactiveCommands} are used as they are.
 */
final class FleetScripts {
  private final RedisScriptingAsyncCommands<String, String> async;
  private final RedisScriptingReactiveCommands<String, String> reactive;

  private FleetScripts(RedisScriptingAsyncCommands<String, String> async,
      RedisScriptingReactiveCommands<String, String> reactive) {
    this.async = async;
    this.reactive = reactive;
  }

  /** The runner on {@code commands}, async when they belong to a Lettuce connection. */
  static FleetScripts of(RedisScriptingReactiveCommands<String, String> commands) {
    if (commands instanceof RedisReactiveCommands<String, String> standalone) {
      return new FleetScripts(standalone.getStatefulConnection().async(), commands);
    }
    if (commands instanceof RedisAdvancedClusterReactiveCommands<String, String> cluster) {
      return new FleetScripts(cluster.getStatefulConnection().async(), commands);
    }
    return new FleetScripts(null, commands);
  }

  /** Whether the script runs through the async API. */
  boolean usesAsync() {
    return async != null;
  }

  /**
   * Runs the script on {@code keys} and {@code args}. Cold; completes on Lettuce's event loop.
   *
   * @return a Mono of the reply; Lettuce's error when Redis fails or times out
   */
  <T> Mono<T> run(ScriptOutputType type, String[] keys, String[] args) {
    if (async != null) {
      return Mono.fromCompletionStage(() -> async.<T>evalsha(FleetBudgetScript.SHA1, type, keys, args))
          .onErrorResume(RedisNoScriptException.class, e -> Mono.fromCompletionStage(
              () -> async.<T>eval(FleetBudgetScript.TEXT, type, keys, args)));
    }
    return reactive.<T>evalsha(FleetBudgetScript.SHA1, type, keys, args)
        .onErrorResume(RedisNoScriptException.class,
            e -> reactive.<T>eval(FleetBudgetScript.TEXT, type, keys, args))
        .single();
  }
}
