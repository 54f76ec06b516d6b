package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.CredentialsException;
import dev.lropoller.error.LroException;
import dev.lropoller.error.OperationNotFoundException;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.RetriesExhaustedException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcCode;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.Fault;
import dev.lropoller.testing.emulator.OperationScript;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The fault matrix: one row per fault class, GoogleOperationPoller against the emulator (and,
 * for what the emulator cannot do, a {@link FaultFront} before it). For each row: the outcome
 * (a transient fault still gives the result exactly once, a permanent one a typed error with a
 * clear message); no request after the terminal signal, nor after a cancel mid-retry; the pool
 * drains to zero acquired connections; no timer is left pending on the poller's scheduler.
 * Prints the matrix at the end (also in the README, "Fault matrix").
 */
class FaultMatrixTest {
  private static final Duration SAFETY = Duration.ofSeconds(25);
  private static final Duration QUIET_WITHIN = Duration.ofSeconds(5);
  private static final String PARENT = "projects/p/locations/us-central1";
  private static final PollPolicy POLICY =
      PollPolicy.fixed(Duration.ofMillis(20))
          .withRequestTimeout(Duration.ofMillis(800))
          .withTimeout(Duration.ofSeconds(20))
          .withMaxConsecutiveFailures(20);
  /** The cancel probe waits this long between a failed poll and its retry: time to cancel. */
  private static final PollPolicy PROBE_POLICY = POLICY.withInitialInterval(Duration.ofMillis(400))
      .withMaxInterval(Duration.ofMillis(400));
  private static final Map<Integer, String> TABLE = new TreeMap<>();

  /** Where the fault comes from and what the row expects. */
  enum Via { EMULATOR, FRONT, TOKEN }

  /** One row of the matrix. */
  record Row(
      int order,
      String fault,
      Via via,
      String expected,
      Consumer<Ctx> arrange,
      Consumer<Throwable> permanent,
      Function<PollPolicy, PollPolicy> policy) {
    boolean transientFault() {
      return permanent == null;
    }

    @Override
    public String toString() {
      return fault;
    }
  }

  static Stream<Row> rows() {
    List<Row> rows = new ArrayList<>();
    int[] n = {0};
    Function<PollPolicy, PollPolicy> same = p -> p;
    Function<PollPolicy, PollPolicy> shortBudget =
        p -> p.withTimeout(Duration.ofSeconds(3)).withRequestTimeout(Duration.ofSeconds(1));
    rows.add(new Row(n[0]++, "429, Retry-After: 1 (seconds)", Via.EMULATOR,
        "retried after the hint; result once",
        c -> c.emulatorFault(1, Fault.tooManyRequests(Duration.ofSeconds(1))), null, same));
    rows.add(new Row(n[0]++, "429, Retry-After: HTTP date", Via.FRONT,
        "retried after the hint; result once",
        c -> c.front.next(1, res -> FaultFront.reply(429, "application/json",
            "{\"error\":{\"code\":429,\"message\":\"slow down\",\"status\":\"RESOURCE_EXHAUSTED\"}}",
            "Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2))).apply(res)), null, same));
    for (int status : new int[] {500, 502, 503, 504}) {
      rows.add(new Row(n[0]++, "HTTP " + status + " (AIP-193 body)", Via.EMULATOR,
          "retried; result once", c -> c.emulatorFault(2, Fault.status(status)), null, same));
    }
    rows.add(new Row(n[0]++, "connection refused (server stopped, restarted on its port)", Via.FRONT,
        "retried; result once", c -> c.refuseAfterFirstSnapshot = true, null, same));
    rows.add(new Row(n[0]++, "connection reset before the response", Via.EMULATOR,
        "retried; result once", c -> c.emulatorFault(2, Fault.connectionReset()), null, same));
    rows.add(new Row(n[0]++, "connection reset mid-body", Via.FRONT,
        "retried; result once", c -> c.front.next(2, FaultFront.resetMidBody()), null, same));
    rows.add(new Row(n[0]++, "truncated body (short of Content-Length)", Via.EMULATOR,
        "retried; result once", c -> c.emulatorFault(2, Fault.truncatedBody()), null, same));
    rows.add(new Row(n[0]++, "200 with an HTML body", Via.FRONT, "retried; result once",
        c -> c.front.next(2, FaultFront.reply(200, "text/html",
            "<html><body><h1>Service temporarily unavailable</h1></body></html>")), null, same));
    rows.add(new Row(n[0]++, "200 with an empty body", Via.FRONT, "retried; result once",
        c -> c.front.next(2, FaultFront.reply(200, "application/json", "")), null, same));
    rows.add(new Row(n[0]++, "200 with a non-JSON body", Via.FRONT, "retried; result once",
        c -> c.front.next(2, FaultFront.reply(200, "application/json", "upstream said: OK")),
        null, same));
    rows.add(new Row(n[0]++, "oversized 200 body (5 MiB > 4 MiB limit)", Via.EMULATOR,
        "UnexpectedResponseException naming the limit",
        c -> c.emulatorFault(1, Fault.oversizedBody()),
        e -> assertThat(e).isInstanceOf(UnexpectedResponseException.class)
            .hasMessageContaining("4194304-byte limit"), same));
    rows.add(new Row(n[0]++, "answer slower than the request timeout (3 s > 0.8 s)", Via.EMULATOR,
        "cut at the request timeout, retried; result once",
        c -> c.emulatorFault(1, Fault.latency(Duration.ofSeconds(3))), null, same));
    rows.add(new Row(n[0]++, "401 once", Via.TOKEN, "fresh token, re-sent; result once",
        c -> c.emulatorFault(1, Fault.status(401)), null, same));
    rows.add(new Row(n[0]++, "401 always", Via.TOKEN,
        "ApiCallException 401 UNAUTHENTICATED after one re-send",
        c -> c.emulatorFault(50, Fault.status(401)),
        e -> {
          assertThat(e).isInstanceOf(ApiCallException.class);
          assertThat(((ApiCallException) e).httpStatus()).isEqualTo(401);
          assertThat(((ApiCallException) e).rpcCode()).isEqualTo(RpcCode.UNAUTHENTICATED);
        }, same));
    rows.add(new Row(n[0]++, "403", Via.EMULATOR, "ApiCallException 403 PERMISSION_DENIED",
        c -> c.emulatorFault(1, Fault.status(403)),
        e -> {
          assertThat(e).isInstanceOf(ApiCallException.class);
          assertThat(((ApiCallException) e).rpcCode()).isEqualTo(RpcCode.PERMISSION_DENIED);
        }, same));
    rows.add(new Row(n[0]++, "404", Via.EMULATOR, "OperationNotFoundException",
        c -> c.emulatorFault(1, Fault.status(404)),
        e -> assertThat(e).isInstanceOf(OperationNotFoundException.class), same));
    rows.add(new Row(n[0]++, "400 with an AIP-193 body", Via.FRONT,
        "ApiCallException 400 INVALID_ARGUMENT with the body's message",
        c -> c.front.next(1, FaultFront.reply(400, "application/json",
            "{\"error\":{\"code\":400,\"message\":\"Invalid operation id: x\","
                + "\"status\":\"INVALID_ARGUMENT\"}}")),
        e -> {
          assertThat(e).isInstanceOf(ApiCallException.class)
              .hasMessageContaining("Invalid operation id: x");
          assertThat(((ApiCallException) e).rpcCode()).isEqualTo(RpcCode.INVALID_ARGUMENT);
        }, same));
    rows.add(new Row(n[0]++, "token endpoint down (connection refused)", Via.TOKEN,
        "typed error within the budget; no poll sent",
        c -> c.tokenMode = "down", FaultMatrixTest::endedForLackOfAToken, shortBudget));
    rows.add(new Row(n[0]++, "token endpoint hung (accepts, never answers)", Via.TOKEN,
        "typed error within the budget; no poll sent",
        c -> c.tokenMode = "hung", FaultMatrixTest::endedForLackOfAToken, shortBudget));
    rows.add(new Row(n[0]++, "token endpoint answers 400 invalid_grant", Via.TOKEN,
        "CredentialsException quoting invalid_grant",
        c -> c.tokenMode = "invalid_grant",
        e -> assertThat(e).isInstanceOf(CredentialsException.class)
            .hasMessageContaining("invalid_grant"), shortBudget));
    return rows.stream();
  }

  /** A watch that never got a token ends typed: out of time, or out of retries naming the token. */
  private static void endedForLackOfAToken(Throwable e) {
    assertThat(e).isInstanceOfAny(PollTimeoutException.class, RetriesExhaustedException.class);
    if (e instanceof RetriesExhaustedException) {
      assertThat(e.getMessage().toLowerCase()).contains("token");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void row(Row row) throws Exception {
    try (Ctx c = new Ctx(row)) {
      row.arrange.accept(c);
      c.buildPoller(row.policy.apply(POLICY));
      String name = c.start(c.pollsToDone());
      AtomicLong requestsAtEnd = new AtomicLong(-1);
      long t0 = System.nanoTime();
      List<Signal<Operation>> signals = c.poller.poll(name)
          .doOnNext(op -> c.afterSnapshot())
          .materialize()
          .doOnNext(s -> {
            if (s.isOnComplete() || s.isOnError()) {
              requestsAtEnd.set(c.requests());
            }
          })
          .collectList()
          .block(SAFETY);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      Objects.requireNonNull(signals, "no signals");
      Signal<Operation> last = signals.get(signals.size() - 1);
      String outcome;
      if (row.transientFault()) {
        assertThat(last.isOnComplete()).as("completed, not %s", last).isTrue();
        assertThat(signals).filteredOn(s -> s.isOnNext() && s.get().done()).hasSize(1);
        assertThat(signals.get(signals.size() - 2).get().done()).isTrue();
        assertThat(c.faultsSeen()).as("the fault was met").isPositive();
        outcome = "result once";
      } else {
        assertThat(last.isOnError()).as("failed, not %s", last).isTrue();
        Throwable e = last.getThrowable();
        row.permanent.accept(e);
        assertThat(e.getMessage()).isNotBlank();
        assertThat(e).isInstanceOf(LroException.class);
        for (Throwable t = e; t != null; t = t.getCause()) {
          assertThat(TraceLogScan.secretIn(t.getMessage() + " " + t)).as("secret in %s", t).isNull();
        }
        outcome = e.getClass().getSimpleName()
            + (e instanceof ApiCallException a ? " " + a.httpStatus() + " " + a.rpcCode() : "");
      }
      if (c.tokenMode != null) {
        assertThat(c.emulator.requestCount()).as("no poll leaves without a token").isZero();
      }
      if (row.via == Via.TOKEN && !row.transientFault()) {
        PollPolicy p = row.policy.apply(POLICY);
        assertThat(took).as("ended within the budget plus one request timeout")
            .isLessThan(p.timeout().plus(p.requestTimeout()).plusSeconds(1));
      }
      if (row.fault.startsWith("429")) {
        assertThat(took).as("waited for Retry-After").isGreaterThan(Duration.ofMillis(900));
      }
      assertThat(TraceLogScan.secretIn(c.poller.toString())).isNull();
      c.awaitQuiet();
      assertThat(c.requests()).as("requests after the terminal signal").isEqualTo(requestsAtEnd.get());
      String cancel = row.transientFault() && row.via != Via.TOKEN && !c.refuseAfterFirstSnapshot
          ? c.cancelProbe(row) : "n/a";
      synchronized (TABLE) {
        TABLE.put(row.order, "| " + row.fault + " | " + row.expected + " | " + outcome + " in "
            + took.toMillis() + " ms, " + requestsAtEnd.get() + " requests | 0 / 0 | " + cancel + " |");
      }
    }
  }

  @AfterAll
  static void printMatrix() {
    StringBuilder sb = new StringBuilder("\nFault matrix (GoogleOperationPoller against the emulator)\n")
        .append("| fault | expected | measured | acquired connections / pending timers after | cancel mid-retry |\n")
        .append("|---|---|---|---|---|\n");
    TABLE.values().forEach(line -> sb.append(line).append('\n'));
    System.out.println(sb);
  }

  /** One row's world: emulator, optional front and token endpoint, gauged pool, counted timers. */
  static final class Ctx implements AutoCloseable {
    final Row row;
    final AutoMlEmulator emulator;
    final FaultFront front;
    final PoolGauge gauge = new PoolGauge();
    final ConnectionProvider pool = gauge.newPool();
    final CountingScheduler scheduler = new CountingScheduler(Schedulers.newParallel("matrix", 2));
    final AtomicInteger snapshots = new AtomicInteger();
    TokenEndpoint tokens;
    LoopbackServer hungTokens;
    String tokenMode;
    boolean refuseAfterFirstSnapshot;
    OperationPoller poller;

    Ctx(Row row) {
      this.row = row;
      this.emulator = AutoMlEmulator.start();
      this.front = new FaultFront(emulator.baseUri());
    }

    private int arranged;

    void emulatorFault(int count, Fault fault) {
      emulator.faults().next(count, fault);
      arranged += count;
    }

    void buildPoller(PollPolicy policy) {
      poller = builder(policy).build();
    }

    GoogleOperationPoller.Builder builder(PollPolicy policy) {
      GoogleOperationPoller.Builder b = GoogleOperationPoller.builder()
          .endpoint(endpoint())
          .httpClient(HttpClient.create(pool))
          .scheduler(scheduler)
          .policy(policy);
      GoogleCredentials credentials = credentials();
      return credentials == null ? b.noCredentials() : b.credentials(credentials);
    }

    URI endpoint() {
      return row.via == Via.FRONT ? front.uri() : emulator.baseUri();
    }

    /** The row's credentials (made once), or null when it sends no token. */
    GoogleCredentials credentials() {
      if (row.via != Via.TOKEN) {
        return null;
      }
      if (madeCredentials != null) {
        return madeCredentials;
      }
      if (tokenMode == null) {
        tokens = new TokenEndpoint();
        madeCredentials = tokens.credentials();
      } else if (tokenMode.equals("down")) {
        LoopbackServer gone = LoopbackServer.json("{}");
        URI uri = gone.uri().resolve("/token");
        gone.close();
        madeCredentials = FaultMatrixTest.credentials(uri);
      } else if (tokenMode.equals("hung")) {
        hungTokens = LoopbackServer.start((r, res) -> Mono.never());
        madeCredentials = FaultMatrixTest.credentials(hungTokens.uri().resolve("/token"));
      } else {
        tokens = new TokenEndpoint();
        tokens.status = 400;
        madeCredentials = tokens.credentials();
      }
      return madeCredentials;
    }

    private GoogleCredentials madeCredentials;

    int pollsToDone() {
      return row.via == Via.FRONT && refuseAfterFirstSnapshot ? 8 : 3;
    }

    String start(int polls) {
      return emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
          .parent(PARENT).displayName("flowers_v1").doneAfterPolls(polls).build());
    }

    long requests() {
      return row.via == Via.FRONT ? front.requests() : emulator.requestCount();
    }

    long faultsSeen() {
      if (refuseAfterFirstSnapshot) {
        return refusedRestarts.get();
      }
      // Counted when picked: a held answer cut by the client is never in the request log.
      return row.via == Via.FRONT ? front.cannedSent() : arranged - emulator.faults().pending();
    }

    private final AtomicInteger refusedRestarts = new AtomicInteger();

    /** The refused row: stop the front after the first snapshot; restart it when the client has tried. */
    void afterSnapshot() {
      if (refuseAfterFirstSnapshot && snapshots.incrementAndGet() == 1) {
        // Off the event loop (stopping a server blocks). Restart once the engine has scheduled
        // three more timers: a poll, its request timeout, and the retry after it met the closed
        // port; the third only exists after a refused attempt.
        Mono.fromCallable(() -> {
              front.stop();
              return scheduler.scheduled();
            })
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(before -> Flux.interval(Duration.ofMillis(5), Schedulers.boundedElastic())
                .filter(i -> scheduler.scheduled() >= before + 3)
                .next())
            .subscribe(i -> {
              front.restart();
              refusedRestarts.incrementAndGet();
            });
      }
    }

    /** Waits (bounded) until no connection is acquired or awaited and no timer is pending. */
    void awaitQuiet() {
      BooleanSupplier quiet = () -> gauge.acquired() == 0 && gauge.pendingAcquires() == 0
          && scheduler.pending() == 0;
      Boolean ok = Flux.interval(Duration.ofMillis(5), Schedulers.boundedElastic())
          .map(i -> quiet.getAsBoolean())
          .filter(b -> b)
          .next()
          .timeout(QUIET_WITHIN, Mono.just(false))
          .block(SAFETY);
      assertThat(ok).as("quiet within %s: pool %s, timers pending %s", QUIET_WITHIN, gauge,
          scheduler.pending()).isTrue();
    }

    /**
     * A watch of a never-ending operation that meets the row's fault on every poll, cancelled
     * while it waits to retry: nothing more is sent, the pool drains and no timer stays.
     */
    String cancelProbe(Row row) {
      String name = start(Integer.MAX_VALUE);
      OperationPoller probe = builder(PROBE_POLICY).build();
      // Every request of the probe meets the fault, so the fault count counts its requests
      // (faults are counted on arrival, even an answer the client cuts).
      for (int i = 0; i < 20; i++) {
        row.arrange.accept(this);
      }
      long faultsBefore = faultsSeen();
      Disposable watch = probe.poll(name).subscribe(op -> { }, e -> { });
      Boolean met = Flux.interval(Duration.ofMillis(2), Schedulers.boundedElastic())
          .filter(i -> faultsSeen() > faultsBefore)
          .next()
          .map(i -> true)
          .timeout(QUIET_WITHIN, Mono.just(false))
          .block(SAFETY);
      assertThat(met).as("the probe met the fault").isTrue();
      watch.dispose();
      awaitQuiet();
      // The cancel came while the watch waited 400 ms to retry: its one request, nothing after.
      assertThat(faultsSeen() - faultsBefore).as("requests of the cancelled watch").isEqualTo(1);
      emulator.faults().clear();
      front.clear();
      probe.close();
      return "stopped, 0 sent after";
    }

    @Override
    public void close() {
      if (poller != null) {
        poller.close();
      }
      front.close();
      emulator.close();
      if (tokens != null) {
        tokens.close();
      }
      if (hungTokens != null) {
        hungTokens.close();
      }
      pool.disposeLater().block(SAFETY);
      scheduler.dispose();
    }
  }

  /** Real service-account credentials whose token endpoint is {@code tokenUri}. */
  static GoogleCredentials credentials(URI tokenUri) {
    return ServiceAccountCredentials.newBuilder()
        .setClientEmail("poller@test-project.iam.gserviceaccount.com")
        .setClientId("1234567890")
        .setPrivateKey(TokenEndpoint.privateKey())
        .setPrivateKeyId("key-id-1")
        .setTokenServerUri(tokenUri)
        .setHttpTransportFactory(NetHttpTransport::new)
        .setScopes(List.of(GoogleAccessTokens.CLOUD_PLATFORM_SCOPE))
        .build();
  }
}
