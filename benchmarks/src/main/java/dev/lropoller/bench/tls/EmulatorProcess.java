package dev.lropoller.bench.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider;

/**
 * The standalone emulator ({@code lro-poller-emulator.jar}) in its own JVM, serving HTTPS with h2
 * and HTTP/1.1 over ALPN, with {@code --start N} operations and its stats route; read over a
 * separate one-connection client.
 */
final class EmulatorProcess implements AutoCloseable {
  static final String PARENT = "projects/bench/locations/us-central1";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Process process;
  private final URI baseUri;
  private final X509Certificate certificate;
  private final ConnectionProvider pool = ConnectionProvider.create("tls-bench-admin", 1);
  private final HttpClient admin;

  private EmulatorProcess(Process process, URI baseUri, X509Certificate certificate) {
    this.process = process;
    this.baseUri = baseUri;
    this.certificate = certificate;
    Http11SslContextSpec tls =
        Http11SslContextSpec.forClient().configure(b -> b.trustManager(certificate));
    this.admin = HttpClient.create(pool).baseUrl(baseUri.toString())
        .secure(s -> s.sslContext((SslProvider.GenericSslContextSpec<?>) tls));
  }

  /** Starts the jar with {@code operations} operations done on their {@code polls}-th GET. */
  static EmulatorProcess start(Path jar, int operations, int polls, int workers) throws IOException {
    Path pem = Files.createTempFile("lro-emulator", ".pem");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-Xmx2g", "-jar", jar.toString(), "--port", "0", "--tls",
        "--tls-cert-out", pem.toString(), "--stats-route", "--log-capacity", "0",
        "--workers", Integer.toString(workers), "--kind", "IMPORT_DATA", "--parent", PARENT,
        "--done-after-polls", Integer.toString(polls), "--start", Integer.toString(operations))
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("listening on ")) {
        URI uri = URI.create(line.substring("listening on ".length()).trim());
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "emulator-stdout");
        drain.setDaemon(true);
        drain.start();
        try (var in = Files.newInputStream(pem)) {
          X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
              .generateCertificate(in);
          return new EmulatorProcess(p, uri, cert);
        } catch (java.security.cert.CertificateException e) {
          p.destroy();
          throw new IOException("cannot read the emulator's certificate " + pem, e);
        } finally {
          Files.deleteIfExists(pem);
        }
      }
    }
    p.destroy();
    throw new IOException("the emulator exited before listening: " + jar);
  }

  URI baseUri() {
    return baseUri;
  }

  X509Certificate certificate() {
    return certificate;
  }

  /** The emulator's counters. */
  JsonNode stats() throws IOException {
    return get(dev.lropoller.testing.emulator.AutoMlEmulator.STATS_PATH);
  }

  /** Every operation under {@link #PARENT}, by pages of 1,000. */
  List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    String token = "";
    do {
      JsonNode page = get("/v1/" + PARENT + "/operations?pageSize=1000"
          + (token.isEmpty() ? "" : "&pageToken=" + token));
      page.path("operations").forEach(op -> names.add(op.path("name").asText()));
      token = page.path("nextPageToken").asText("");
    } while (!token.isEmpty());
    return names;
  }

  /** When each done operation was done, on the emulator's clock (its {@code updateTime}), in µs. */
  Map<String, Long> doneAtMicros() throws IOException {
    Map<String, Long> done = new HashMap<>();
    String token = "";
    do {
      JsonNode page = get("/v1/" + PARENT + "/operations?pageSize=1000&filter=done%3Dtrue"
          + (token.isEmpty() ? "" : "&pageToken=" + token));
      page.path("operations").forEach(op -> {
        Instant t = Instant.parse(op.path("metadata").path("updateTime").asText());
        done.put(op.path("name").asText(), t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
      });
      token = page.path("nextPageToken").asText("");
    } while (!token.isEmpty());
    return done;
  }

  private JsonNode get(String uri) throws IOException {
    String body = admin.get().uri(uri).responseContent().aggregate().asString()
        .block(Duration.ofSeconds(60));
    return MAPPER.readTree(body);
  }

  @Override
  public void close() throws InterruptedException {
    pool.disposeLater().block(Duration.ofSeconds(10));
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
