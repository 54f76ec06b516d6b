package dev.lropoller.bench.load;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.spi.TransportException;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * BENCH ONLY, NOT the library's transport: a minimal Reactor Netty {@link OperationsTransport}
 * (GET only, no Retry-After parsing) so the lro-poller engine can be load-tested before
 * {@code dev.lropoller.reactor.GoogleOperationPoller} exists. {@link LroPollers} uses it only
 * when that class is absent from the classpath; delete it once the real builder lands.
 */
final class BenchOnlyNettyTransport implements OperationsTransport {
  private static final byte[] EMPTY = new byte[0];
  private final HttpClient client;

  BenchOnlyNettyTransport(HttpClient clientWithBaseUrl) {
    this.client = clientWithBaseUrl;
  }

  @Override
  public Mono<byte[]> getOperation(String name, AccessToken token) {
    HttpClient c = token.isNone()
        ? client
        : client.headers(h -> h.set("Authorization", "Bearer " + token.value()));
    return c.get().uri("/v1/" + name)
        .responseSingle((response, body) -> {
          int status = response.status().code();
          return body.asByteArray().defaultIfEmpty(EMPTY).flatMap(bytes -> status / 100 == 2
              ? Mono.just(bytes)
              : Mono.error(TransportException.http(status, bytes, null)));
        })
        .onErrorMap(e -> !(e instanceof TransportException),
            e -> TransportException.transientFailure(
                "GET " + name + " failed: " + e.getClass().getSimpleName(), e));
  }

  @Override
  public Mono<byte[]> listOperations(
      String parent, String filter, int pageSize, String pageToken, AccessToken token) {
    return unsupported();
  }

  @Override
  public Mono<Void> cancelOperation(String name, AccessToken token) {
    return unsupported();
  }

  @Override
  public Mono<Void> deleteOperation(String name, AccessToken token) {
    return unsupported();
  }

  @Override
  public Mono<byte[]> waitOperation(String name, Duration timeout, AccessToken token) {
    return unsupported();
  }

  private static <T> Mono<T> unsupported() {
    return Mono.error(TransportException.permanentFailure("not used by the benchmarks", null));
  }
}
