package dev.lropoller.reactor;

import com.google.auth.http.HttpTransportFactory;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A loopback OAuth token endpoint for the real Google Auth Library: answers each token request
 * with {@code {"access_token": SECRET-<n>-..., "expires_in": ...}} and counts requests.
 */
final class TokenEndpoint implements AutoCloseable {
  /** Every token value starts with this, so tests can look for leaks. */
  static final String SECRET_PREFIX = "ya29.SECRET-";

  private static PrivateKey key;

  final AtomicInteger requests = new AtomicInteger();
  /** Names of the threads Google Auth refreshed on. */
  final List<String> refreshThreads = new CopyOnWriteArrayList<>();
  volatile LongSupplier expiresInSeconds = () -> 3600;
  /** 200 to hand out tokens; anything else answers {@code invalid_grant} with that status. */
  volatile int status = 200;
  /** When set, requests are read and never answered: a hung token endpoint. */
  volatile boolean hang;
  /** Emits the number of each request as it arrives, so tests can wait for one. */
  final Sinks.Many<Integer> arrivals = Sinks.many().replay().all();
  private final Sinks.Empty<Void> released = Sinks.empty();
  private final LoopbackServer server;

  TokenEndpoint() {
    server =
        LoopbackServer.start(
            (r, res) -> {
              int n = requests.incrementAndGet();
              synchronized (arrivals) {
                arrivals.tryEmitNext(n);
              }
              if (hang) {
                // Held until close(), which ends it so the server can shut down at once.
                return released.asMono();
              }
              res.header("Content-Type", "application/json");
              if (status != 200) {
                return res.status(status)
                    .sendString(
                        Mono.just(
                            "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"));
              }
              return res.sendString(
                  Mono.just(
                      "{\"access_token\":\"" + token(n) + "\",\"expires_in\":"
                          + expiresInSeconds.getAsLong() + ",\"token_type\":\"Bearer\"}"));
            });
  }

  /** The value of the {@code n}-th token handed out. */
  static String token(int n) {
    return SECRET_PREFIX + n + "-x7Qz";
  }

  /** Blocks the calling (test) thread until the {@code n}-th request has arrived. */
  void awaitRequest(int n, java.time.Duration safety) {
    arrivals.asFlux().filter(i -> i >= n).blockFirst(safety);
  }

  URI tokenUri() {
    return server.uri().resolve("/token");
  }

  /** Real service account credentials whose token endpoint is this server. */
  ServiceAccountCredentials credentials() {
    HttpTransportFactory transport =
        () -> {
          refreshThreads.add(Thread.currentThread().getName());
          return new NetHttpTransport();
        };
    return ServiceAccountCredentials.newBuilder()
        .setClientEmail("poller@test-project.iam.gserviceaccount.com")
        .setClientId("1234567890")
        .setPrivateKey(privateKey())
        .setPrivateKeyId("key-id-1")
        .setTokenServerUri(tokenUri())
        .setHttpTransportFactory(transport)
        .setScopes(List.of(GoogleAccessTokens.CLOUD_PLATFORM_SCOPE))
        .build();
  }

  /** A fresh RSA key, made once per test run. */
  static synchronized PrivateKey privateKey() {
    if (key == null) {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair().getPrivate();
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }
    return key;
  }

  @Override
  public void close() {
    released.tryEmitEmpty();
    server.close();
  }
}
