package dev.lropoller.bench.vertex;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.reactor.GoogleService;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * lro-poller with its defaults ({@code PollPolicy.defaults()}, its own connection pool), routed by
 * location to the emulator's ports, every timer on the driver's virtual scheduler:
 * {@code jobs().watch(name)} per run, the end seen on the watch's last snapshot. The poller reports
 * an answer before it arms the next poll's timer or ends the watch, so the clock is held until
 * then ({@link SettlingScheduler}).
 */
final class LroLagContender implements LagContender {
  private OperationPoller poller;

  @Override
  public String label() {
    return "lro-poller, defaults (5 s x1.5, max 45 s, jitter 0.1), jobs().watch(name)";
  }

  @Override
  public void start(VirtualDriver driver, List<LagRuns.Run> runs, List<String> names,
      Map<String, URI> endpoints, LagLedger ledger) {
    GoogleOperationPoller.Builder b = GoogleOperationPoller.builder()
        .service(GoogleService.VERTEX_AI)
        .noCredentials()
        .scheduler(new SettlingScheduler(driver))
        .listener(new PollListener() {
          @Override
          public void pollSent(String name, int attempt) {
            driver.sent();
          }

          @Override
          public void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable failure) {
            driver.answeredPending();
          }
        });
    endpoints.forEach(b::locationEndpoint);
    poller = b.build();
    for (int i = 0; i < names.size(); i++) {
      int index = i;
      poller.jobs().watch(names.get(i)).last().subscribe(
          job -> {
            ledger.seen(index, job.state().name(), driver.elapsedNanos());
            driver.settle();
          },
          e -> {
            ledger.failed(index, e);
            driver.settle();
          });
    }
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.close();
    }
  }
}
