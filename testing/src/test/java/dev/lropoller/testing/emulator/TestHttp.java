package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/** A plain Reactor Netty client for the emulator, returning status, headers and body. */
final class TestHttp {
  static final Duration SAFETY = Duration.ofSeconds(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient client;

  TestHttp(AutoMlEmulator emulator) {
    this.client = HttpClient.create().baseUrl(emulator.baseUri().toString());
  }

  /** A client for another base URI, such as a location's own listener. */
  TestHttp(java.net.URI base) {
    this.client = HttpClient.create().baseUrl(base.toString());
  }

  /** The same client sending this {@code Host} header instead of the one from the URI. */
  TestHttp withHost(String host) {
    return new TestHttp(client.headers(h -> h.set("Host", host)));
  }

  TestHttp withToken(String token) {
    return new TestHttp(client.headers(h -> h.set("Authorization", "Bearer " + token)));
  }

  private TestHttp(HttpClient client) {
    this.client = client;
  }

  Mono<Resp> call(String method, String uri, String body) {
    HttpClient.RequestSender sender = client.request(HttpMethod.valueOf(method)).uri(uri);
    HttpClient.ResponseReceiver<?> receiver =
        body == null ? sender : sender.send(ByteBufFlux.fromString(Mono.just(body)));
    return receiver.responseSingle((res, bytes) -> bytes.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
        .map(s -> new Resp(res.status().code(), res.responseHeaders(), s)));
  }

  Resp get(String uri) {
    return call("GET", uri, null).block(SAFETY);
  }

  Resp post(String uri, String body) {
    return call("POST", uri, body).block(SAFETY);
  }

  Resp delete(String uri) {
    return call("DELETE", uri, null).block(SAFETY);
  }

  /** GET /v1/{name}. */
  Resp op(String name) {
    return get("/v1/" + name);
  }

  record Resp(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
