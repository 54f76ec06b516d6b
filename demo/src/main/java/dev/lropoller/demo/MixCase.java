package dev.lropoller.demo;

import dev.lropoller.OperationPoller;
import dev.lropoller.testing.emulator.OperationScript;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * One scripted operation of part one: what the emulator runs, how the demo watches its result,
 * and what the result must be.
 *
 * @param label a short label for the progress board
 * @param what one line saying what the operation is
 * @param script the emulator script
 * @param expected the outcome the script should produce
 * @param watch the typed watch: {@code model}, {@code completion} or {@code result}
 * @param check further checks of an outcome of the expected kind: a difference, or null
 * @param cancelAtPercent the demo cancels the operation once a poll shows this progress, or -1
 */
record MixCase(
    String label,
    String what,
    OperationScript script,
    Outcome expected,
    BiFunction<OperationPoller, String, Mono<TypedOutcome>> watch,
    Function<TypedOutcome, String> check,
    int cancelAtPercent) {

  static BiFunction<OperationPoller, String, Mono<TypedOutcome>> completion() {
    return (p, name) -> p.completion(name).then(Mono.fromSupplier(TypedOutcome::completed));
  }

  static BiFunction<OperationPoller, String, Mono<TypedOutcome>> model() {
    return (p, name) -> p.model(name).map(TypedOutcome::model);
  }

  static BiFunction<OperationPoller, String, Mono<TypedOutcome>> batchPrediction() {
    return (p, name) -> p.result(name, dev.lropoller.model.ResponseType.BATCH_PREDICT_RESULT)
        .map(TypedOutcome::batch);
  }

  static Function<TypedOutcome, String> noCheck() {
    return o -> null;
  }
}
