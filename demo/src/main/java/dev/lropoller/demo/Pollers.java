package dev.lropoller.demo;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.reactor.GoogleService;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import reactor.core.scheduler.Schedulers;

/**
 * The only place the demo builds pollers, with the library's user-facing builder
 * {@code GoogleOperationPoller} (endpoint, no credentials or Application Default Credentials,
 * policy, scheduler). Everything else in the demo sees only the core {@code OperationPoller}.
 */
final class Pollers {
  private Pollers() {}

  /** A poller for the embedded emulator: no credentials. */
  static OperationPoller forEmulator(URI endpoint, PollPolicy policy) {
    return GoogleOperationPoller.builder()
        .endpoint(endpoint)
        .noCredentials()
        .policy(policy)
        .scheduler(Schedulers.parallel())
        .build();
  }

  /**
   * A poller for the embedded emulator with no credentials, a per-project budget of
   * {@code maxRequestsPerMinute} and {@code listener}.
   */
  static OperationPoller forEmulator(
      URI endpoint, PollPolicy policy, int maxRequestsPerMinute, PollListener listener) {
    return GoogleOperationPoller.builder()
        .endpoint(endpoint)
        .noCredentials()
        .policy(policy)
        .scheduler(Schedulers.parallel())
        .maxRequestsPerMinute(maxRequestsPerMinute)
        .listener(listener)
        .build();
  }

  /**
   * A Vertex AI poller for the embedded emulator: routes by location, each of {@code regions} to
   * the emulator's port for it; no credentials; polls every {@code unit}, starting at a fifth.
   */
  static OperationPoller forVertexEmulator(AutoMlEmulator emulator, List<String> regions, Duration unit) {
    GoogleOperationPoller.Builder b = GoogleOperationPoller.builder()
        .service(GoogleService.VERTEX_AI)
        .noCredentials()
        .policy(PollPolicy.defaults().withInitialInterval(unit.dividedBy(5)).withMaxInterval(unit))
        .scheduler(Schedulers.parallel());
    regions.forEach(r -> b.locationEndpoint(r, emulator.vertex().locationUri(r)));
    return b.build();
  }

  /** A poller for a real endpoint with Application Default Credentials. */
  static OperationPoller forGoogle(URI endpointOrNull, PollPolicy policy) {
    GoogleOperationPoller.Builder b = GoogleOperationPoller.builder().policy(policy);
    if (endpointOrNull != null) {
      b.endpoint(endpointOrNull);
    }
    return b.build();
  }
}
