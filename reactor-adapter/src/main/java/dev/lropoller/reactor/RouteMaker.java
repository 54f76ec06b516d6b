package dev.lropoller.reactor;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import javax.net.ssl.TrustManagerFactory;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.SslProvider;

/**
 * Makes the client of one endpoint for a poller that routes by location: on the user's client
 * when there is one, else on the user's pool or the poller's own (HTTP/2 for an {@code https}
 * endpoint with HTTP/2 on, HTTP/1.1 otherwise), with TLS settings built once, here, so that a
 * client made later on an event loop reads no trust store.
 */
final class RouteMaker implements Function<URI, ReactorNettyOperationsTransport.Route> {
  private final HttpClient user;
  private final ConnectionProvider shared;
  private final ConnectionProvider h2;
  private final ConnectionProvider h1;
  private final boolean http2;
  private final SslProvider tls;
  private final LoopResources loops;
  private final Duration connectTimeout;

  /**
   * @param user the user's client, or null
   * @param shared the user's pool, or null
   * @param h2 the poller's HTTP/2 pool, or null when {@code user} or {@code shared} is set or
   *     HTTP/2 is off
   * @param h1 the poller's HTTP/1.1 pool, or null when no endpoint needs it
   * @param http2 whether to offer h2 on {@code https} endpoints
   * @param trust the trusted roots, or null for the JDK's
   * @param loops event loops for the poller's pools, or null for Reactor Netty's
   * @param connectTimeout longest wait for a connection
   */
  RouteMaker(HttpClient user, ConnectionProvider shared, ConnectionProvider h2,
      ConnectionProvider h1, boolean http2, TrustManagerFactory trust, LoopResources loops,
      Duration connectTimeout) {
    this.user = user;
    this.shared = shared;
    this.h2 = h2;
    this.h1 = h1;
    this.http2 = http2;
    this.tls = user == null ? ProtocolSetup.tls(http2, trust) : null;
    this.loops = loops;
    this.connectTimeout = connectTimeout;
  }

  @Override
  public ReactorNettyOperationsTransport.Route apply(URI endpoint) {
    HttpClient base = user;
    if (base == null) {
      ConnectionProvider pool = shared != null ? shared
          : ProtocolSetup.offersHttp2(endpoint, http2) ? h2 : h1;
      base = ProtocolSetup.apply(HttpClient.create(pool), endpoint, http2, tls);
      if (loops != null) {
        base = base.runOn(loops);
      }
    }
    return ReactorNettyOperationsTransport.route(base, endpoint, connectTimeout);
  }
}
