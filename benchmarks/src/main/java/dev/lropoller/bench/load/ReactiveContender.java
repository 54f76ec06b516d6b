package dev.lropoller.bench.load;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A contender that turns each operation into a {@code Mono<Void>} and subscribes to all of them
 * at once, each with its own plain subscriber. (Not {@code Flux.flatMap(…, N)}: with N = 10,000
 * inners its drain loop scans the inner array on completions, an O(N²) harness cost that showed
 * up in profiles and would be charged to whichever contender completes in smaller batches.)
 */
abstract class ReactiveContender implements Contender {

  /** Completes when {@code name} is done successfully, fails otherwise. */
  abstract Mono<Void> watch(String name);

  @Override
  public final AutoCloseable hold(List<String> names) {
    Disposable[] watches = new Disposable[names.size()];
    for (int i = 0; i < names.size(); i++) {
      watches[i] = watch(names.get(i)).subscribe(ignored -> { }, e -> { });
    }
    return () -> {
      for (Disposable d : watches) {
        d.dispose();
      }
    };
  }

  @Override
  public final void watchAll(List<String> names, Scenario scenario, Outcomes out)
      throws InterruptedException {
    CountDownLatch settled = new CountDownLatch(names.size());
    Disposable[] watches = new Disposable[names.size()];
    for (int i = 0; i < names.size(); i++) {
      int index = i;
      watches[i] = watch(names.get(i)).subscribe(
          ignored -> { },
          e -> {
            out.failed(index, e);
            settled.countDown();
          },
          () -> {
            out.completed(index);
            settled.countDown();
          });
    }
    if (!settled.await(scenario.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
      for (Disposable d : watches) {
        d.dispose();
      }
      out.deadlinePassed("deadline " + scenario.deadline() + " passed");
    }
  }
}
