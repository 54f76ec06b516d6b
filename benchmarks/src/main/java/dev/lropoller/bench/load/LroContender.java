package dev.lropoller.bench.load;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import java.net.URI;
import dev.lropoller.bench.timer.WheelTimerScheduler;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * lro-poller: one {@link OperationPoller} built with the builder's defaults (its own pool and
 * scheduler), {@code PollPolicy.fixed(interval)}, first poll one interval after subscription, a
 * timeout beyond the deadline; {@code completion(name)} per watch (the emulator runs ImportData,
 * whose response is Empty).
 */
final class LroContender extends ReactiveContender {
  private final boolean wheel;
  private OperationPoller poller;
  private WheelTimerScheduler wheelScheduler;

  /** The builder's defaults. */
  LroContender() {
    this(false);
  }

  /**
   * With {@code wheel}, the timer decision's variant: the same poller with a Netty hashed-wheel
   * timer (10 ms ticks) as its scheduler instead of {@code Schedulers.parallel()}.
   */
  LroContender(boolean wheel) {
    this.wheel = wheel;
  }

  @Override
  public String id() {
    return wheel ? "lro-wheel" : "lro";
  }

  @Override
  public void prepare(URI endpoint, Scenario scenario) {
    PollPolicy policy = PollPolicy.fixed(scenario.interval())
        .withFirstPollDelay(scenario.interval())
        .withTimeout(scenario.deadline().plus(Duration.ofMinutes(1)));
    if (wheel) {
      wheelScheduler = new WheelTimerScheduler(10, 512, Schedulers.parallel());
    }
    poller = LroPollers.create(endpoint, policy, scenario, wheelScheduler);
  }

  @Override
  Mono<Void> watch(String name) {
    return poller.completion(name);
  }

  @Override
  public String describe() {
    return id() + ": " + LroPollers.how() + (wheel ? ".scheduler(hashed wheel)" : "")
        + ", PollPolicy.fixed(interval).withFirstPollDelay(interval), completion(name)";
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.close();
    }
    if (wheelScheduler != null) {
      wheelScheduler.dispose();
    }
  }
}
