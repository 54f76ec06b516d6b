package dev.lropoller.bench.load;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.reactor.GoogleOperationPoller;
import java.net.URI;

/**
 * Builds the lro-poller contender's poller the way a user does: {@code GoogleOperationPoller}'s
 * own connection pool, scheduler and limits (its default {@code maxInFlight} included), plus only
 * the endpoint, no credentials (the emulator), the policy and, in the budget row, the documented
 * {@code maxRequestsPerMinute}. Nothing here is tuned for the benchmark.
 */
final class LroPollers {
  private LroPollers() {}

  static String how() {
    return "GoogleOperationPoller.builder().endpoint(e).noCredentials().policy(p)";
  }

  static OperationPoller create(URI endpoint, PollPolicy policy, Scenario scenario) {
    GoogleOperationPoller.Builder b = GoogleOperationPoller.builder()
        .endpoint(endpoint)
        .noCredentials()
        .policy(policy);
    if (scenario.maxRequestsPerMinute() > 0) {
      // the documented per-project budget a user sets for a shared quota (AutoML: 600)
      b.maxRequestsPerMinute(scenario.maxRequestsPerMinute());
    }
    return b.build();
  }
}
