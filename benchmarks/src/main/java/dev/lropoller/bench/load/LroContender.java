package dev.lropoller.bench.load;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import java.net.URI;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * lro-poller: one {@link OperationPoller} with {@code PollPolicy.fixed(interval)}, first poll one
 * interval after subscription, a timeout beyond the deadline; {@code completion(name)} per
 * operation (the emulator runs ImportData, whose response is Empty).
 */
final class LroContender extends ReactiveContender {
  private ConnectionProvider pool;
  private OperationPoller poller;

  @Override
  public String id() {
    return "lro";
  }

  @Override
  public void prepare(URI endpoint, Scenario scenario) {
    pool = BenchHttp.newPool("bench-lro");
    PollPolicy policy = PollPolicy.fixed(scenario.interval())
        .withFirstPollDelay(scenario.interval())
        .withTimeout(scenario.deadline().plus(Duration.ofMinutes(1)));
    poller = LroPollers.create(endpoint, HttpClient.create(pool), policy, Schedulers.parallel());
  }

  @Override
  Mono<Void> watch(String name) {
    return poller.completion(name);
  }

  @Override
  public String describe() {
    return "lro: OperationPoller via " + LroPollers.how()
        + ", PollPolicy.fixed(interval).withFirstPollDelay(interval), completion(name)";
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.disposeLater().block(Duration.ofSeconds(10));
    }
  }
}
