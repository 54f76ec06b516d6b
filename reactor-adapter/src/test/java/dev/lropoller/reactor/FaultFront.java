package dev.lropoller.reactor;

import io.netty.channel.ChannelOption;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * A loopback front for the emulator, for the faults the emulator cannot make: it answers the
 * next requests with canned replies (a 200 with an HTML, empty or non-JSON body, a 429 with an
 * HTTP-date {@code Retry-After}, a reset in the middle of the body) and passes every other
 * request through to the emulator. It can stop and restart on the same port, so clients meet a
 * refused connection in between. Counts every request it receives.
 */
final class FaultFront implements AutoCloseable {
  private final URI target;
  private final ConnectionProvider pool = ConnectionProvider.create("fault-front", 16);
  private final HttpClient client;
  private final Deque<Function<HttpServerResponse, Publisher<Void>>> canned = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger cannedSent = new AtomicInteger();
  private volatile DisposableServer server;
  private int port;

  FaultFront(URI target) {
    this.target = target;
    this.client = HttpClient.create(pool);
    this.server = bind(0);
    this.port = server.port();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Requests received, canned or passed through. */
  int requests() {
    return requests.get();
  }

  /** Canned replies sent so far. */
  int cannedSent() {
    return cannedSent.get();
  }

  /** Answers the next {@code count} requests with {@code reply}. */
  synchronized FaultFront next(int count, Function<HttpServerResponse, Publisher<Void>> reply) {
    for (int i = 0; i < count; i++) {
      canned.addLast(reply);
    }
    return this;
  }

  /** Drops the canned replies not yet sent. */
  synchronized void clear() {
    canned.clear();
  }

  /** A reply with this status, content type and body. */
  static Function<HttpServerResponse, Publisher<Void>> reply(
      int status, String contentType, String body, String... headerPairs) {
    return res -> {
      res.status(status);
      if (contentType != null) {
        res.header(HttpHeaderNames.CONTENT_TYPE, contentType);
      }
      for (int i = 0; i + 1 < headerPairs.length; i += 2) {
        res.header(headerPairs[i], headerPairs[i + 1]);
      }
      return res.sendByteArray(Mono.just(body.getBytes(StandardCharsets.UTF_8)));
    };
  }

  /** A 200 that declares a body twice as long as what it sends, then resets the connection. */
  static Function<HttpServerResponse, Publisher<Void>> resetMidBody() {
    byte[] half = "{\"name\":\"projects/p/locations/l/operations/x\",\"done\":".getBytes(StandardCharsets.UTF_8);
    return res -> {
      res.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
          .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(half.length * 2));
      return res.sendObject(Mono.just(res.alloc().buffer().writeBytes(half)))
          .then()
          .then(Mono.<Void>fromRunnable(() -> res.withConnection(c -> {
            c.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            c.channel().close();
          })));
    };
  }

  /**
   * Stops listening: open connections are closed (once their request, if any, is answered) and
   * new ones refused until {@link #restart()}.
   */
  void stop() {
    server.disposeNow(Duration.ofSeconds(5));
  }

  /** Listens again on the same port. */
  void restart() {
    server = bind(port);
  }

  private synchronized Function<HttpServerResponse, Publisher<Void>> nextCanned() {
    return canned.pollFirst();
  }

  private DisposableServer bind(int onPort) {
    return HttpServer.create()
        .host("127.0.0.1")
        .port(onPort)
        // Without a channel group, disposing the server would leave kept-alive connections open.
        .channelGroup(new DefaultChannelGroup(GlobalEventExecutor.INSTANCE))
        .handle((req, res) -> {
          requests.incrementAndGet();
          Function<HttpServerResponse, Publisher<Void>> reply = nextCanned();
          if (reply != null) {
            cannedSent.incrementAndGet();
            return req.receive().then().then(Mono.from(reply.apply(res)));
          }
          return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
              .flatMap(body -> client
                  .headers(h -> {
                    String auth = req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
                    if (auth != null) {
                      h.set(HttpHeaderNames.AUTHORIZATION, auth);
                    }
                    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                  })
                  .request(req.method())
                  .uri(target + req.uri())
                  .send(Mono.just(res.alloc().buffer().writeBytes(body)))
                  .responseSingle((answer, content) -> content.asByteArray()
                      .defaultIfEmpty(new byte[0])
                      .flatMap(bytes -> {
                        res.status(answer.status());
                        answer.responseHeaders().forEach(e -> {
                          String name = e.getKey();
                          if (!name.equalsIgnoreCase("content-length")
                              && !name.equalsIgnoreCase("transfer-encoding")
                              && !name.equalsIgnoreCase("connection")) {
                            res.header(name, e.getValue());
                          }
                        });
                        return res.sendByteArray(Mono.just(bytes)).then();
                      })));
        })
        .bindNow(Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
    pool.disposeLater().block(Duration.ofSeconds(5));
  }
}
