package dev.lropoller.demo;

import dev.lropoller.OperationPoller;
import dev.lropoller.model.Operation;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Part one: starts the scripted operations on the emulator and watches each twice on one poller,
 * with {@code poll(name)} for the progress board and with its typed Mono for the outcome.
 */
final class MixScenario {
  private final AutoMlEmulator emulator;
  private final OperationPoller poller;
  private final ProgressBoard board;

  MixScenario(AutoMlEmulator emulator, OperationPoller poller, ProgressBoard board) {
    this.emulator = emulator;
    this.poller = poller;
    this.board = board;
  }

  /** Runs every case to its end (or {@code timeout}) and returns the outcomes in case order. */
  List<MixOutcome> run(List<MixCase> cases, Duration timeout) {
    List<Mono<MixOutcome>> watches = cases.stream().map(this::start).toList();
    return Flux.mergeSequential(watches).collectList().block(timeout);
  }

  private Mono<MixOutcome> start(MixCase c) {
    String name = emulator.startOperation(c.script());
    board.track(c.label());
    long start = System.nanoTime();
    Mono<TypedOutcome> typed = c.watch().apply(poller, name).onErrorResume(e -> Mono.just(TypedOutcome.of(e)));
    Mono<Boolean> progress = progress(c, name).then(Mono.just(true));
    return Mono.zip(typed.map(o -> judge(c, name, o, Duration.ofNanos(System.nanoTime() - start))), progress)
        .map(t -> t.getT1());
  }

  /** The progress watch; cancels the operation once it reaches the case's cancel point. */
  private Flux<Operation> progress(MixCase c, String name) {
    AtomicBoolean cancelSent = new AtomicBoolean();
    return poller.poll(name)
        .doOnNext(op -> board.update(c.label(), op))
        .concatMap(op -> {
          int pct = op.progressPercent().orElse(0);
          if (c.cancelAtPercent() >= 0 && !op.done() && pct >= c.cancelAtPercent()
              && cancelSent.compareAndSet(false, true)) {
            return poller.cancel(name)
                .doOnSuccess(v -> board.note(c.label(), "poller.cancel() sent at " + pct + "%"))
                .thenReturn(op);
          }
          return Mono.just(op);
        })
        .doOnError(e -> board.error(c.label(), e))
        .onErrorResume(e -> Flux.empty());
  }

  private static MixOutcome judge(MixCase c, String name, TypedOutcome o, Duration elapsed) {
    String difference;
    if (o.outcome() != c.expected()) {
      difference = "expected " + c.expected() + ", got " + o.outcome() + ": " + o.lines().get(0);
    } else {
      difference = c.check().apply(o);
    }
    return new MixOutcome(c.label(), name, c.expected(), o.outcome(), o.lines(), difference, elapsed);
  }
}
