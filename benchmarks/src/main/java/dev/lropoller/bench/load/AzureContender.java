package dev.lropoller.bench.load;

import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.PollerFlux;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.net.URI;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Azure's generic poller: one {@link PollerFlux} per operation with the poll interval, whose poll
 * function is the same Reactor Netty GET + Jackson tree as the raw contender; {@code last()} of
 * each. Activation is a no-op (the operation already exists), so the first GET comes one
 * interval after subscription, as for lro-poller and raw.
 */
final class AzureContender extends ReactiveContender {
  private ConnectionProvider pool;
  private HttpClient client;
  private Duration interval;

  @Override
  public String id() {
    return "azure";
  }

  @Override
  public void prepare(URI endpoint, Scenario scenario) {
    pool = BenchHttp.newPool("bench-azure");
    client = HttpClient.create(pool).baseUrl(endpoint.toString());
    interval = scenario.interval();
  }

  @Override
  Mono<Void> watch(String name) {
    PollerFlux<JsonNode, Void> poller = new PollerFlux<>(
        interval,
        context -> Mono.just(NullNode.getInstance()),
        context -> BenchHttp.getTree(client, name).map(op -> {
          boolean done = op.path("done").asBoolean(false);
          LongRunningOperationStatus status = !done
              ? LongRunningOperationStatus.IN_PROGRESS
              : op.has("error")
                  ? LongRunningOperationStatus.FAILED
                  : LongRunningOperationStatus.SUCCESSFULLY_COMPLETED;
          return new PollResponse<>(status, op);
        }),
        (context, response) -> Mono.error(new UnsupportedOperationException("no cancel")),
        context -> Mono.empty());
    return poller.last().flatMap(response ->
        response.getStatus() == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED
            ? Mono.empty()
            : Mono.error(new IllegalStateException(
                "ended " + response.getStatus() + ": " + response.getValue())));
  }

  @Override
  public String describe() {
    return "azure: azure-core 1.57.0 PollerFlux(interval), poll = Reactor Netty GET + Jackson readTree";
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.disposeLater().block(Duration.ofSeconds(10));
    }
  }
}
