package dev.lropoller.bench.load;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A contender that turns each operation into a {@code Mono<Void>} and merges them all at once. */
abstract class ReactiveContender implements Contender {

  /** Completes when {@code name} is done successfully, fails otherwise. */
  abstract Mono<Void> watch(String name);

  @Override
  public final void watchAll(List<String> names, Scenario scenario, Outcomes out)
      throws InterruptedException {
    CountDownLatch finished = new CountDownLatch(1);
    int concurrency = Math.max(1, names.size());
    Disposable run = Flux.range(0, names.size())
        .flatMap(i -> watch(names.get(i))
            .then(Mono.fromRunnable(() -> out.completed(i)))
            .onErrorResume(e -> {
              out.failed(i, e);
              return Mono.empty();
            }), concurrency, 1)
        .doFinally(signal -> finished.countDown())
        .subscribe();
    if (!finished.await(scenario.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
      run.dispose();
      out.deadlinePassed("deadline " + scenario.deadline() + " passed");
    }
  }
}
