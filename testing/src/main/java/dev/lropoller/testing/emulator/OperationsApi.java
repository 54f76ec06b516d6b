package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** The emulated backend: turns a matched route and its parsed body into a {@link Reply}. */
final class OperationsApi {
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
  static final Duration MAX_WAIT = Duration.ofMinutes(5);
  private static final int DEFAULT_PAGE_SIZE = 100;
  private static final int MAX_PAGE_SIZE = 1000;

  private final OperationStore store;
  private final Clock clock;
  private final Scheduler timer;
  private final Duration waitCheckInterval;
  private final Supplier<OperationScript> restScript;
  private final AtomicInteger pendingWaits = new AtomicInteger();
  private final VertexApi vertex;

  OperationsApi(
      OperationStore store, Clock clock, Scheduler timer, Duration waitCheckInterval,
      Supplier<OperationScript> restScript, JobScript defaultJobScript) {
    this.vertex = new VertexApi(store, this::now, defaultJobScript, restScript);
    this.store = store;
    this.clock = clock;
    this.timer = timer;
    this.waitCheckInterval = waitCheckInterval;
    this.restScript = restScript;
  }

  Instant now() {
    return EmulatorJson.micros(clock.instant());
  }

  int pendingWaits() {
    return pendingWaits.get();
  }

  /** Answers one request. {@code body} is an object (empty if none was sent). */
  Mono<Reply> answer(Router.Route route, Map<String, List<String>> params, JsonNode body, boolean ints) {
    return switch (route.type()) {
      case GET_OP -> Mono.fromSupplier(() -> withOperation(route.target(), s -> ok(s.poll(now()), ints)));
      case LIST -> Mono.fromSupplier(() -> list(route.target(), params, ints));
      case CANCEL -> Mono.fromSupplier(() -> withOperation(route.target(), s -> {
        s.finish(now(), OperationScript.statusJson(1, "Operation was cancelled."));
        return Reply.json(200, EmulatorJson.object());
      }));
      case DELETE_OP -> Mono.fromSupplier(() -> store.remove(route.target()) == null
          ? notFound(route.target()) : Reply.json(200, EmulatorJson.object()));
      case WAIT -> waitFor(route.target(), body, ints);
      case RPC -> Mono.fromSupplier(() -> startRpc(route, body, ints));
      case JOB_CREATE, JOB_GET, JOB_CANCEL, JOB_DELETE, VERTEX_RPC ->
          Mono.fromSupplier(() -> vertex.answer(route, body, ints));
      case UNIMPLEMENTED -> Mono.just(ErrorReplies.error(501, "Method not implemented by the AutoML emulator.", "UNIMPLEMENTED"));
      case NOT_FOUND -> Mono.just(ErrorReplies.notFound("The requested URL was not found on this server."));
    };
  }

  VertexApi vertex() {
    return vertex;
  }

  private Reply startRpc(Router.Route route, JsonNode body, boolean ints) {
    AutoMlRpc kind = route.kind();
    if (kind == AutoMlRpc.CREATE_DATASET && body.path("metadataSchemaUri").isTextual()) {
      return vertex.createDataset(route.target(), body, ints);
    }
    OperationScript.Builder b = restScript.get().toBuilder().kind(kind).parent(route.target());
    if (kind == AutoMlRpc.CREATE_MODEL || kind == AutoMlRpc.CREATE_DATASET) {
      b.displayName(textOrNull(body, "displayName")).datasetId(textOrNull(body, "datasetId"));
    }
    OperationState s = store.create(b.build(), now(), body);
    return ok(s.peek(now()), ints);
  }

  private Reply list(String parent, Map<String, List<String>> params, boolean ints) {
    Boolean done;
    String filter = first(params, "filter").replace(" ", "");
    switch (filter) {
      case "" -> done = null;
      case "done=true" -> done = Boolean.TRUE;
      case "done=false" -> done = Boolean.FALSE;
      default -> {
        return ErrorReplies.invalidArgument("Unsupported filter: only done=true and done=false are supported.");
      }
    }
    int pageSize;
    long after;
    try {
      String size = first(params, "pageSize");
      pageSize = size.isEmpty() ? DEFAULT_PAGE_SIZE : Integer.parseInt(size);
      if (pageSize < 0) {
        return ErrorReplies.invalidArgument("pageSize must not be negative.");
      }
      pageSize = pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
      after = decodeToken(first(params, "pageToken"));
    } catch (IllegalArgumentException e) {
      return ErrorReplies.invalidArgument("Invalid pageSize or pageToken.");
    }
    OperationStore.Page page = store.list(parent, done, pageSize, after, now());
    ObjectNode root = EmulatorJson.object();
    ArrayNode ops = root.putArray("operations");
    page.operations().forEach(v -> ops.add(v.toJson(ints)));
    if (page.continueAfter() >= 0) {
      root.put("nextPageToken", encodeToken(page.continueAfter()));
    }
    return Reply.json(200, root);
  }

  private Mono<Reply> waitFor(String name, JsonNode body, boolean ints) {
    OperationState s = store.get(name);
    if (s == null) {
      return Mono.just(notFound(name));
    }
    Duration timeout;
    try {
      timeout = body.has("timeout") ? EmulatorJson.parseDuration(body.get("timeout").asText()) : DEFAULT_WAIT;
    } catch (IllegalArgumentException e) {
      return Mono.just(ErrorReplies.invalidArgument("Invalid value at 'timeout' (google.protobuf.Duration)."));
    }
    if (timeout.compareTo(MAX_WAIT) > 0) {
      timeout = MAX_WAIT;
    }
    if (s.peek(now()).done() || timeout.isZero()) {
      return Mono.fromSupplier(() -> ok(s.poll(now()), ints));
    }
    Mono<Void> byClock = s.timeBased()
        ? Flux.interval(waitCheckInterval, timer).filter(i -> s.peek(now()).done()).next().then()
        : Mono.never();
    Mono<Void> race = Mono.firstWithSignal(s.whenDone(), Mono.delay(timeout, timer).then(), byClock);
    return Mono.<Void>create(sink -> {
          Disposable waiting = race.subscribe(null, sink::error, sink::success);
          // Counted only now that the timers are scheduled, so a test that sees the wait pending
          // can move virtual time past its timeout.
          pendingWaits.incrementAndGet();
          sink.onDispose(() -> {
            waiting.dispose();
            pendingWaits.decrementAndGet();
          });
        })
        .then(Mono.fromSupplier(() -> ok(s.poll(now()), ints)));
  }

  private Reply withOperation(String name, java.util.function.Function<OperationState, Reply> f) {
    OperationState s = store.get(name);
    return s == null ? notFound(name) : f.apply(s);
  }

  private static Reply ok(OperationView v, boolean ints) {
    return Reply.json(200, v.toJson(ints));
  }

  static Reply notFound(String name) {
    return ErrorReplies.notFound("Operation not found: " + name);
  }

  private static String first(Map<String, List<String>> params, String key) {
    List<String> v = params.get(key);
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  private static String textOrNull(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
  }

  private static String encodeToken(long after) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + after).getBytes(StandardCharsets.UTF_8));
  }

  private static long decodeToken(String token) {
    if (token.isEmpty()) {
      return 0;
    }
    String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    if (!s.startsWith("after:")) {
      throw new IllegalArgumentException("bad token");
    }
    return Long.parseLong(s.substring(6));
  }
}
