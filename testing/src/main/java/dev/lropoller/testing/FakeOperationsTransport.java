package dev.lropoller.testing;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.spi.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * An in-memory {@link OperationsTransport} for tests: each operation answers a scripted sequence
 * of outcomes (snapshots, raw bodies, HTTP errors with or without Retry-After, hangs, resets,
 * unreadable bodies, 401s), and every call is recorded with the scheduler's (virtual) time.
 *
 * <p>A GET takes the next outcome of the operation's script; the last outcome repeats once the
 * script is used up. A name without a script answers 404. Thread-safe.
 */
public final class FakeOperationsTransport implements OperationsTransport {
  /** What a call was. */
  public enum Kind { GET, LIST, CANCEL, DELETE }

  /**
   * One recorded call.
   *
   * @param kind what was called
   * @param name the operation name or list parent
   * @param atNanos the scheduler time when the call was subscribed
   * @param token the bearer token value sent ({@code ""} for none)
   * @param pageToken the page token of a list call, else {@code ""}
   */
  public record RecordedCall(Kind kind, String name, long atNanos, String token, String pageToken) {
    /** @return the call time as a duration since the scheduler's epoch */
    public Duration at() {
      return Duration.ofNanos(atNanos);
    }

    @Override
    public String toString() {
      return kind + " " + name + " at " + at() + (token.isEmpty() ? "" : " with a token");
    }
  }

  private final Scheduler clock;
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final Map<String, List<String>> listPages = new ConcurrentHashMap<>();
  private final Set<String> rejectedTokens = ConcurrentHashMap.newKeySet();
  private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger cancelledInFlight = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Duration latency = Duration.ZERO;

  /**
   * @param clock the scheduler whose time stamps the calls, usually a VirtualTimeScheduler
   */
  public FakeOperationsTransport(Scheduler clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The script of {@code name}, created empty on first use.
   *
   * @param name the operation name
   * @return its script, to append outcomes to
   */
  public Script script(String name) {
    return scripts.computeIfAbsent(name, Script::new);
  }

  /**
   * Scripts a list result: page {@code i} holds {@code pages.get(i)} (operation JSON bodies),
   * linked by page tokens {@code "page-2"}, {@code "page-3"}, ….
   *
   * @param parent the list parent
   * @param pages the pages' operations
   * @return this transport
   */
  public FakeOperationsTransport listPages(String parent, List<List<String>> pages) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < pages.size(); i++) {
      String next = i + 1 < pages.size() ? ",\"nextPageToken\":\"page-" + (i + 2) + "\"" : "";
      bodies.add("{\"operations\":[" + String.join(",", pages.get(i)) + "]" + next + "}");
    }
    listPages.put(parent, bodies);
    return this;
  }

  /**
   * Every later call carrying this token value answers HTTP 401, like a revoked token.
   *
   * @param tokenValue the token value to refuse
   * @return this transport
   */
  public FakeOperationsTransport rejectToken(String tokenValue) {
    rejectedTokens.add(tokenValue);
    return this;
  }

  /** @return every call so far, in order */
  public List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  /**
   * @param kind a call kind
   * @return how many calls of that kind were made
   */
  public long count(Kind kind) {
    return calls.stream().filter(c -> c.kind() == kind).count();
  }

  /** @return how many calls were cancelled before they answered (hung ones, timed-out ones) */
  public int cancelledInFlight() {
    return cancelledInFlight.get();
  }

  /**
   * Makes every answer from now on arrive {@code latency} of the clock's time after the request.
   *
   * @param latency zero or more
   * @return this fake
   */
  public FakeOperationsTransport latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  /**
   * How many requests are in flight now: sent, not yet answered or cancelled.
   *
   * @return the count
   */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * The most requests that were in flight at once so far.
   *
   * @return the peak count
   */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public Mono<byte[]> getOperation(String name, AccessToken token) {
    return record(Kind.GET, name, token, "", () -> {
      Script script = scripts.get(name);
      if (script == null) {
        return Mono.error(TransportException.http(404, notFound(name), null));
      }
      return script.next().answer();
    });
  }

  @Override
  public Mono<byte[]> listOperations(
      String parent, String filter, String pageToken, AccessToken token) {
    return record(Kind.LIST, parent, token, pageToken, () -> {
      List<String> pages = listPages.get(parent);
      if (pages == null) {
        return Mono.just(bytes("{}"));
      }
      int index = pageToken.isEmpty() ? 0 : Integer.parseInt(pageToken.substring("page-".length())) - 1;
      return Mono.just(bytes(pages.get(index)));
    });
  }

  @Override
  public Mono<Void> cancelOperation(String name, AccessToken token) {
    return record(Kind.CANCEL, name, token, "", () -> scripts.containsKey(name)
        ? Mono.just(bytes("{}")) : Mono.error(TransportException.http(404, notFound(name), null)))
        .then();
  }

  @Override
  public Mono<Void> deleteOperation(String name, AccessToken token) {
    return record(Kind.DELETE, name, token, "", () -> scripts.remove(name) != null
        ? Mono.just(bytes("{}")) : Mono.error(TransportException.http(404, notFound(name), null)))
        .then();
  }

  private Mono<byte[]> record(
      Kind kind, String name, AccessToken token, String pageToken, Supplier<Mono<byte[]>> answer) {
    return Mono.defer(() -> {
      calls.add(new RecordedCall(kind, name, clock.now(TimeUnit.NANOSECONDS), token.value(), pageToken));
      if (!token.isNone() && rejectedTokens.contains(token.value())) {
        return Mono.error(TransportException.http(401, unauthorizedBody(), null));
      }
      AtomicBoolean answered = new AtomicBoolean();
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      AtomicBoolean over = new AtomicBoolean();
      Duration wait = latency;
      Mono<byte[]> delayed = wait.isZero() ? answer.get()
          : Mono.delay(wait, clock).then(Mono.defer(answer));
      // Counted out before the answer travels on, so a request the answer starts is not overlapped.
      return delayed
          .doOnEach(signal -> {
            answered.set(true);
            if (over.compareAndSet(false, true)) {
              inFlight.decrementAndGet();
            }
          })
          .doOnCancel(() -> {
            if (over.compareAndSet(false, true)) {
              inFlight.decrementAndGet();
            }
            if (!answered.get()) {
              cancelledInFlight.incrementAndGet();
            }
          });
    });
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] notFound(String name) {
    return bytes("{\"error\":{\"code\":404,\"message\":\"Operation " + name
        + " not found\",\"status\":\"NOT_FOUND\"}}");
  }

  private static byte[] unauthorizedBody() {
    return bytes("{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication "
        + "credentials.\",\"status\":\"UNAUTHENTICATED\"}}");
  }

  /** The scripted answers of one operation. Methods append and return this script. */
  public static final class Script {
    private final String name;
    private final Deque<Outcome> outcomes = new ArrayDeque<>();
    private Outcome last;

    private Script(String name) {
      this.name = name;
    }

    /** @param progressPercent reported progress @return this script */
    public Script running(int progressPercent) {
      return body(OperationJson.running(name, progressPercent));
    }

    /** @param modelDisplayName the model's display name @return this script */
    public Script doneWithModel(String modelDisplayName) {
      String parent = name.substring(0, name.indexOf("/operations/"));
      return body(OperationJson.doneWithModel(name, parent + "/models/ICN123", modelDisplayName));
    }

    /** @return this script, ending with a google.protobuf.Empty response */
    public Script doneEmpty() {
      return body(OperationJson.doneEmpty(name));
    }

    /**
     * @param code the rpc code number
     * @param message the error message
     * @return this script, ending with an error
     */
    public Script doneWithError(int code, String message) {
      return body(OperationJson.doneWithError(name, code, message, ""));
    }

    /** @param json any 200 body, sent as UTF-8 @return this script */
    public synchronized Script body(String json) {
      return add(() -> Mono.just(bytes(json)));
    }

    /**
     * A 200 answer of exactly these bytes, for bodies a string cannot carry: UTF-16, invalid
     * UTF-8, a byte-order mark alone. Each answer is a fresh copy, so a reader that changes the
     * array does not change later answers.
     *
     * @param raw the body's bytes, copied
     * @return this script
     */
    public synchronized Script body(byte[] raw) {
      byte[] copy = Objects.requireNonNull(raw, "raw").clone();
      return add(() -> Mono.just(copy.clone()));
    }

    /** @param status an HTTP error status @return this script */
    public Script httpError(int status) {
      return httpError(status, "{\"error\":{\"code\":" + status + ",\"message\":\"scripted "
          + status + "\"}}", null);
    }

    /**
     * @param status an HTTP error status
     * @param body the error body
     * @param retryAfter the Retry-After delay, or {@code null}
     * @return this script
     */
    public Script httpError(int status, String body, Duration retryAfter) {
      return add(() -> Mono.error(TransportException.http(status, bytes(body), retryAfter)));
    }

    /** @return this script; the answer is HTTP 401 */
    public Script unauthorized() {
      return add(() -> Mono.error(TransportException.http(401, unauthorizedBody(), null)));
    }

    /**
     * An answer that fails with {@code error}, such as a local back-pressure failure.
     *
     * @param error the failure
     * @return this script
     */
    public Script error(RuntimeException error) {
      return add(() -> Mono.error(error));
    }

    /** @return this script; the request never answers */
    public Script hang() {
      return add(Mono::never);
    }

    /**
     * @return this script; the call completes without a value, as a faulty custom transport
     *     might
     */
    public Script empty() {
      return add(Mono::empty);
    }

    /** @return this script; the connection is reset */
    public Script reset() {
      return add(() -> Mono.error(
          TransportException.transientFailure("connection reset by peer", null)));
    }

    /** @return this script; a 200 whose body is cut short */
    public Script malformed() {
      return add(() -> Mono.just(bytes("{\"name\":\"" + name + "\",\"done\":tr")));
    }

    private synchronized Script add(Supplier<Mono<byte[]>> answer) {
      outcomes.add(new Outcome(answer));
      return this;
    }

    private synchronized Outcome next() {
      Outcome o = outcomes.poll();
      if (o == null) {
        if (last == null) {
          throw new IllegalStateException("empty script for " + name);
        }
        return last;
      }
      last = o;
      return o;
    }
  }

  private record Outcome(Supplier<Mono<byte[]>> supplier) {
    Mono<byte[]> answer() {
      return supplier.get();
    }
  }
}
