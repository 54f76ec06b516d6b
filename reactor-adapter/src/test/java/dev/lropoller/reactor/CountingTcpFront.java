package dev.lropoller.reactor;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * A loopback TCP front that passes bytes both ways to one target port and counts the client
 * connections it accepted and those still open. TLS and h2 pass through untouched, so the
 * counts are the client's real connections to that host.
 */
final class CountingTcpFront implements AutoCloseable {
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private final DisposableServer server;

  CountingTcpFront(URI target) {
    String host = target.getHost();
    int port = target.getPort();
    this.server = TcpServer.create()
        .host("127.0.0.1")
        .port(0)
        .doOnConnection(c -> {
          accepted.incrementAndGet();
          open.incrementAndGet();
          c.onDispose(open::decrementAndGet);
        })
        .handle((in, out) -> TcpClient.newConnection().host(host).port(port).connect()
            .flatMap(upstream -> Mono.when(
                    upstream.outbound().send(in.receive().retain()).then(),
                    out.send(upstream.inbound().receive().retain()).then())
                .doFinally(signal -> upstream.dispose())))
        .bindNow(Duration.ofSeconds(10));
  }

  /** Where clients connect: {@code https://127.0.0.1:PORT} (the scheme of the target). */
  URI uri(String scheme) {
    return URI.create(scheme + "://127.0.0.1:" + server.port());
  }

  int port() {
    return server.port();
  }

  /** Client connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /** Client connections not yet closed. */
  int open() {
    return open.get();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }
}
