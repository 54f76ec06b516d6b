package dev.lropoller.bench.load;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.reactor.GoogleOperationPoller;
import java.net.URI;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Builds the lro-poller contender's poller the way users do, on the same Netty client (pool and
 * event loops) as the raw and Azure contenders.
 */
final class LroPollers {
  private LroPollers() {}

  static String how() {
    return "GoogleOperationPoller";
  }

  static OperationPoller create(
      URI endpoint, HttpClient http, PollPolicy policy, Scheduler scheduler) {
    return GoogleOperationPoller.builder()
        .endpoint(endpoint)
        .noCredentials()
        .policy(policy)
        .scheduler(scheduler)
        .httpClient(http)
        .build();
  }
}
