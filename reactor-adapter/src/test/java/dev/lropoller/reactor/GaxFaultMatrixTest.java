package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.longrunning.OperationTimedPollAlgorithm;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.automl.v1.AutoMlClient;
import com.google.cloud.automl.v1.AutoMlSettings;
import com.google.cloud.automl.v1.Model;
import com.google.cloud.automl.v1.OperationMetadata;
import dev.lropoller.reactor.FaultMatrixTest.Ctx;
import dev.lropoller.reactor.FaultMatrixTest.Row;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The fault matrix's column for Google's own client: google-cloud-automl (gax over HTTP/JSON)
 * resumes the same operation by name and meets the same fault. Measured, not recalled; the
 * assertions pin what the README says of it. gax polls every 20 ms here (its
 * {@code OperationTimedPollAlgorithm}, 20 s total) and keeps its own defaults for retrying a
 * failed poll.
 */
@TraceLogScan.ForeignClient("gax's google-http-client writes the bearer token at CONFIG")
class GaxFaultMatrixTest {
  private static final long WAIT_SECONDS = 25;
  /**
   * Polls until done in the refused row: at gax's 20 ms, four seconds' worth, so that the front
   * is stopped before the operation can end even when a loaded machine takes seconds to stop it.
   */
  private static final int GAX_POLLS_WHEN_REFUSED = 200;
  // Row order keys: the matrix rows, then this class's extra 503-every-time row.
  private static final Map<Integer, String> TABLE = new TreeMap<>();

  static Stream<Row> rows() {
    return FaultMatrixTest.rows();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  @Timeout(60)
  void gax(Row row) throws Exception {
    try (Ctx c = new Ctx(row)) {
      row.arrange().accept(c);
      // gax polls every 20 ms: 8 polls can end within the ~150 ms a cold JVM may need to stop
      // the front, and a loaded machine took over a second, so the refused row gives gax four
      // seconds of polls before the operation is done.
      String name = c.start(c.refuseAfterFirstSnapshot ? GAX_POLLS_WHEN_REFUSED : c.pollsToDone());
      AutoMlClient client = client(c);
      try {
        java.util.concurrent.atomic.AtomicLong restartedAt = new java.util.concurrent.atomic.AtomicLong();
        if (c.refuseAfterFirstSnapshot) {
          refuseAfterFirstPoll(c, restartedAt);
        }
        long t0 = System.nanoTime();
        OperationFuture<Model, OperationMetadata> future =
            client.createModelOperationCallable().resumeFutureCall(name);
        String outcome;
        boolean result = false;
        try {
          Model model = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
          assertThat(model.getDisplayName()).isEqualTo("flowers_v1");
          if (c.refuseAfterFirstSnapshot) {
            // Had the server never been away, the row would measure nothing.
            assertThat(restartedAt.get()).as("the result came after the server was back")
                .isPositive().isLessThan(System.nanoTime());
          }
          outcome = "result";
          result = true;
        } catch (ExecutionException e) {
          outcome = describe(e.getCause());
        } catch (CancellationException e) {
          outcome = "cancelled: " + e.getMessage();
        } catch (TimeoutException e) {
          outcome = "no answer within " + WAIT_SECONDS + " s";
          future.cancel(true);
        }
        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        boolean running = !result && isRunning(c, name);
        String line = "| " + row.fault() + " | " + outcome + (running ? "; operation still running" : "")
            + " | " + ms + " ms, " + c.requests() + " requests |";
        synchronized (TABLE) {
          TABLE.put(row.order(), line);
        }
        check(row, result, outcome, ms);
      } finally {
        client.shutdownNow();
      }
    }
  }

  /** How long gax keeps retrying a poll that always answers 503, before its wait ends. */
  @org.junit.jupiter.api.Test
  @Timeout(60)
  void unavailableEveryTimeEndsGaxsWaitAfterItsRetryBudget() throws Exception {
    Row row = FaultMatrixTest.rows().filter(r -> r.fault().startsWith("HTTP 503")).findFirst()
        .orElseThrow();
    try (Ctx c = new Ctx(row)) {
      c.emulator.faults().rate(1.0, dev.lropoller.testing.emulator.Fault.status(503));
      String name = c.start(3);
      AutoMlClient client = client(c);
      try {
        long t0 = System.nanoTime();
        OperationFuture<Model, OperationMetadata> future =
            client.createModelOperationCallable().resumeFutureCall(name);
        Throwable cause = null;
        try {
          future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          cause = e.getCause();
        }
        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        String line = "| HTTP 503 on every poll | " + (cause == null ? "result" : describe(cause))
            + (isRunning(c, name) ? "; operation still running" : "") + " | " + ms + " ms, "
            + c.requests() + " requests |";
        synchronized (TABLE) {
          TABLE.put(1000, line);
        }
        assertThat(cause).as("gax gives up").isNotNull();
        assertThat(ms).as("after its own retries, seconds later").isBetween(2_000L, 20_000L);
        assertThat(c.requests()).as("several attempts").isBetween(3L, 20L);
      } finally {
        client.shutdownNow();
      }
    }
  }

  /** What the README states about gax, row by row. */
  private static void check(Row row, boolean result, String outcome, long ms) {
    String f = row.fault();
    if (f.startsWith("HTTP 503")) {
      assertThat(result).as("gax retries UNAVAILABLE polls: %s", outcome).isTrue();
    } else if (f.startsWith("429") || f.startsWith("HTTP 500") || f.startsWith("HTTP 502")
        || f.startsWith("HTTP 504")) {
      assertThat(result).as("gax ends its wait on %s: %s", f, outcome).isFalse();
      assertThat(ms).as("at once").isLessThan(5_000);
    } else if (f.startsWith("connection refused")) {
      assertThat(result).as("a refused connection ends gax's wait: %s", outcome).isFalse();
    } else if (f.equals("connection reset before the response")) {
      // Two resets in a row: the JDK's HttpURLConnection re-sends the GET after the first
      // (the emulator logs both), the second ends gax's wait.
      assertThat(result).as("two resets end gax's wait: %s", outcome).isFalse();
    } else if (f.equals("403") || f.equals("404") || f.startsWith("400")) {
      assertThat(result).isFalse();
    }
  }

  private static boolean isRunning(Ctx c, String name) {
    try {
      return c.emulator.doneAt(name) == null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String describe(Throwable e) {
    String message = String.valueOf(e.getMessage()).replace('\n', ' ').replace('|', '/');
    if (message.length() > 90) {
      message = message.substring(0, 90) + "…";
    }
    if (e instanceof ApiException api) {
      return api.getClass().getSimpleName() + " (" + api.getStatusCode().getCode() + "): " + message;
    }
    return e.getClass().getSimpleName() + ": " + message;
  }

  private static AutoMlClient client(Ctx c) throws Exception {
    RetrySettings polling = RetrySettings.newBuilder()
        .setInitialRetryDelayDuration(Duration.ofMillis(20))
        .setRetryDelayMultiplier(1.0)
        .setMaxRetryDelayDuration(Duration.ofMillis(20))
        .setInitialRpcTimeoutDuration(Duration.ZERO)
        .setRpcTimeoutMultiplier(1.0)
        .setMaxRpcTimeoutDuration(Duration.ZERO)
        .setTotalTimeoutDuration(Duration.ofSeconds(20))
        .build();
    GoogleCredentials credentials = c.credentials();
    AutoMlSettings.Builder settings = AutoMlSettings.newHttpJsonBuilder()
        .setCredentialsProvider(credentials == null
            ? NoCredentialsProvider.create() : FixedCredentialsProvider.create(credentials))
        .setEndpoint(c.endpoint().toString());
    settings.createModelOperationSettings()
        .setPollingAlgorithm(OperationTimedPollAlgorithm.create(polling));
    return AutoMlClient.create(settings.build());
  }

  /** Stops the front once it has served a poll; starts it again on its port 1 s later. */
  private static void refuseAfterFirstPoll(Ctx c, java.util.concurrent.atomic.AtomicLong restartedAt) {
    Flux.interval(Duration.ofMillis(2), Schedulers.boundedElastic())
        .filter(i -> c.front.requests() >= 1)
        .next()
        .doOnNext(i -> c.front.stop())
        .delayElement(Duration.ofSeconds(1), Schedulers.boundedElastic())
        .flatMap(i -> Mono.fromRunnable(() -> {
          c.front.restart();
          restartedAt.set(System.nanoTime());
        }))
        .subscribe();
  }

  @AfterAll
  static void printColumn() {
    StringBuilder sb = new StringBuilder("\nFault matrix, Google's client (google-cloud-automl, gax HTTP/JSON)\n")
        .append("| fault | gax OperationFuture.get() | measured |\n|---|---|---|\n");
    TABLE.values().forEach(line -> sb.append(line).append('\n'));
    System.out.println(sb);
  }
}
