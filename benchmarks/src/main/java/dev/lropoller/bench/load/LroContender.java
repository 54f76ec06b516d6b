package dev.lropoller.bench.load;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import java.net.URI;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * lro-poller: one {@link OperationPoller} built with the builder's defaults (its own pool and
 * scheduler), {@code PollPolicy.fixed(interval)}, first poll one interval after subscription, a
 * timeout beyond the deadline; {@code completion(name)} per watch (the emulator runs ImportData,
 * whose response is Empty).
 */
final class LroContender extends ReactiveContender {
  private OperationPoller poller;

  @Override
  public String id() {
    return "lro";
  }

  @Override
  public void prepare(URI endpoint, Scenario scenario) {
    PollPolicy policy = PollPolicy.fixed(scenario.interval())
        .withFirstPollDelay(scenario.interval())
        .withTimeout(scenario.deadline().plus(Duration.ofMinutes(1)));
    poller = LroPollers.create(endpoint, policy, scenario);
  }

  @Override
  Mono<Void> watch(String name) {
    return poller.completion(name);
  }

  @Override
  public String describe() {
    return id() + ": " + LroPollers.how()
        + ", PollPolicy.fixed(interval).withFirstPollDelay(interval), completion(name)";
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.close();
    }
  }
}
