package dev.lropoller.reactor;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.tcp.TcpServer;

/** A tiny Reactor Netty server on 127.0.0.1 that records what it receives. For tests only. */
final class LoopbackServer implements AutoCloseable {
  /** One request as the server saw it. */
  record Recorded(String method, String uri, HttpHeaders headers, String body) {
    String header(CharSequence name) {
      return headers.get(name);
    }
  }

  private final DisposableServer server;
  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  /** Emits once per connection the server saw close. */
  final Sinks.Many<Integer> closedConnections = Sinks.unsafe().many().replay().all();

  private LoopbackServer(
      BiFunction<Recorded, HttpServerResponse, Publisher<Void>> responder, boolean readBody) {
    this.server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .doOnConnection(
                c -> c.onDispose(() -> {
                  synchronized (closedConnections) {
                    closedConnections.tryEmitNext(1);
                  }
                }))
            .handle(
                (req, res) -> {
                  Mono<String> body =
                      readBody
                          ? req.receive().aggregate().asString().defaultIfEmpty("")
                          : Mono.just("");
                  return body.flatMap(
                      b -> {
                        Recorded r =
                            new Recorded(req.method().name(), req.uri(), req.requestHeaders().copy(), b);
                        requests.add(r);
                        return Mono.from(responder.apply(r, res));
                      });
                })
            .bindNow();
  }

  /** Starts a server that answers each request with {@code responder}. */
  static LoopbackServer start(BiFunction<Recorded, HttpServerResponse, Publisher<Void>> responder) {
    return new LoopbackServer(responder, true);
  }

  /** A server that answers 200 with {@code json}. */
  static LoopbackServer json(String json) {
    return start((r, res) -> res.header("Content-Type", "application/json").sendString(Mono.just(json)));
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  int port() {
    return server.port();
  }

  Recorded only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests);
    }
    return requests.get(0);
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }

  /**
   * A raw TCP server that reads a request head, writes {@code raw} as is, then closes the
   * connection; with {@code reset} it closes with SO_LINGER=0, so the peer sees a reset.
   */
  static DisposableServer raw(String raw, boolean reset) {
    TcpServer tcp = TcpServer.create().host("127.0.0.1").port(0);
    if (reset) {
      tcp = tcp.childOption(ChannelOption.SO_LINGER, 0);
    }
    return tcp.handle(
            (in, out) ->
                in.receive()
                    .asString()
                    .scan("", String::concat)
                    .takeUntil(s -> s.contains("\r\n\r\n"))
                    .then(raw.isEmpty() ? Mono.empty() : out.sendString(Mono.just(raw)).then())
                    .then(Mono.<Void>fromRunnable(() -> in.withConnection(c -> c.channel().close()))))
        .bindNow();
  }
}
