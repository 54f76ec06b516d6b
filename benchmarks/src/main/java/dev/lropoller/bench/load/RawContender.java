package dev.lropoller.bench.load;

import java.net.URI;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The transport floor: per operation, {@code Mono.delay(interval)}, a bare Reactor Netty GET, a
 * Jackson tree, a check of {@code done}; again until done. No timeouts, no retry, no auth.
 */
final class RawContender extends ReactiveContender {
  private ConnectionProvider pool;
  private HttpClient client;
  private Duration interval;

  @Override
  public String id() {
    return "raw";
  }

  @Override
  public void prepare(URI endpoint, Scenario scenario) {
    pool = BenchHttp.newPool("bench-raw");
    client = HttpClient.create(pool).baseUrl(endpoint.toString());
    interval = scenario.interval();
  }

  @Override
  Mono<Void> watch(String name) {
    return Mono.delay(interval)
        .then(BenchHttp.getTree(client, name))
        .flatMap(op -> BenchHttp.isDone(op) ? Mono.<Void>empty() : watch(name));
  }

  @Override
  public String describe() {
    return "raw: Reactor Netty GET + Jackson readTree, Mono.delay(interval) before each poll";
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.disposeLater().block(Duration.ofSeconds(10));
    }
  }
}
