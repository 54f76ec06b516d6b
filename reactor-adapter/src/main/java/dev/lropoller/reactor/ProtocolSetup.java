package dev.lropoller.reactor;

import java.net.URI;
import javax.net.ssl.TrustManagerFactory;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider;

/**
 * Which HTTP version and TLS settings a client the builder makes gets.
 *
 * <p>{@code https} with HTTP/2 on: h2 and HTTP/1.1 offered over ALPN through
 * {@link Http2SslContextSpec}, since a plain {@code SslContextBuilder} context advertises no
 * application protocol and so never gets h2. {@code https} with HTTP/2 off: HTTP/1.1 only.
 * Plain {@code http} (a loopback emulator): HTTP/1.1, as h2 without TLS (h2c) is not what Google
 * serves.
 */
final class ProtocolSetup {
  private ProtocolSetup() {}

  /** Whether a client for {@code endpoint} with this switch speaks h2 (when the server agrees). */
  static boolean offersHttp2(URI endpoint, boolean http2) {
    return http2 && isHttps(endpoint);
  }

  /** {@code base} with the protocols and TLS settings for {@code endpoint}. */
  static HttpClient apply(HttpClient base, URI endpoint, boolean http2, TrustManagerFactory trust) {
    if (!isHttps(endpoint)) {
      return base.protocol(HttpProtocol.HTTP11);
    }
    if (http2) {
      Http2SslContextSpec spec = Http2SslContextSpec.forClient();
      Http2SslContextSpec tls = trust == null ? spec : spec.configure(b -> b.trustManager(trust));
      return base.protocol(HttpProtocol.H2, HttpProtocol.HTTP11).secure(s -> s.sslContext((reactor.netty.tcp.SslProvider.GenericSslContextSpec<?>) tls));
    }
    Http11SslContextSpec spec = Http11SslContextSpec.forClient();
    Http11SslContextSpec tls = trust == null ? spec : spec.configure(b -> b.trustManager(trust));
    return base.protocol(HttpProtocol.HTTP11).secure(s -> s.sslContext((reactor.netty.tcp.SslProvider.GenericSslContextSpec<?>) tls));
  }

  /**
   * The TLS settings of every {@code https} route of a poller, built once so that a route made
   * later, on whatever thread, builds no TLS context (which reads the trust store).
   */
  static SslProvider tls(boolean http2, TrustManagerFactory trust) {
    if (http2) {
      Http2SslContextSpec spec = Http2SslContextSpec.forClient();
      Http2SslContextSpec tls = trust == null ? spec : spec.configure(b -> b.trustManager(trust));
      return SslProvider.builder().sslContext(tls).build();
    }
    Http11SslContextSpec spec = Http11SslContextSpec.forClient();
    Http11SslContextSpec tls = trust == null ? spec : spec.configure(b -> b.trustManager(trust));
    return SslProvider.builder().sslContext(tls).build();
  }

  /**
   * {@code base} with the protocols for {@code endpoint} and the prebuilt {@code tls}, which must
   * come from {@link #tls} with the same {@code http2}.
   */
  static HttpClient apply(HttpClient base, URI endpoint, boolean http2, SslProvider tls) {
    if (!isHttps(endpoint)) {
      return base.protocol(HttpProtocol.HTTP11);
    }
    return (http2 ? base.protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
        : base.protocol(HttpProtocol.HTTP11)).secure(tls);
  }

  /** A client on {@code pool} for {@code endpoint}. */
  static HttpClient client(
      ConnectionProvider pool, URI endpoint, boolean http2, TrustManagerFactory trust) {
    return apply(HttpClient.create(pool), endpoint, http2, trust);
  }

  static boolean isHttps(URI endpoint) {
    return "https".equalsIgnoreCase(endpoint.getScheme());
  }
}
