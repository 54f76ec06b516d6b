package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The Reactor Netty handler: token check, fault choice, body parsing, dispatch to
 * {@link OperationsApi}, writing and recording. Never blocks.
 */
final class EmulatorHandler
    implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {
  private static final String UNAUTHENTICATED =
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
          + "or other valid authentication credential.";

  private final OperationsApi api;
  private final TokenGate tokens;
  private final EmulatorFaults faults;
  private final RequestLog log;
  private final Scheduler timer;
  private final QuotaGate quotas;

  /** @param quotas the quotas (per project, or per project and location), or null when the emulator has none */
  EmulatorHandler(
      OperationsApi api, TokenGate tokens, EmulatorFaults faults, RequestLog log, Scheduler timer,
      QuotaGate quotas) {
    this.quotas = quotas;
    this.api = api;
    this.tokens = tokens;
    this.faults = faults;
    this.log = log;
    this.timer = timer;
  }

  @Override
  public Publisher<Void> apply(HttpServerRequest req, HttpServerResponse res) {
    return apply(req, res, null);
  }

  /**
   * Handles a request that reached a listener serving {@code listenerLocation} (null: the main
   * port, which serves every location unless the {@code Host} names a Vertex regional host).
   */
  Publisher<Void> apply(HttpServerRequest req, HttpServerResponse res, String listenerLocation) {
    String uri = req.uri();
    String authority = req.requestHeaders().get(HttpHeaderNames.HOST, "");
    QueryStringDecoder qs = new QueryStringDecoder(uri);
    int q = uri.indexOf('?');
    String rawQuery = q < 0 ? "" : uri.substring(q + 1);
    String method = req.method().name();
    Router.Route route = Router.route(method, qs.path());
    TokenGate.Check auth = tokens.check(req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
    // As at Google: a request is charged to its project's quota once it is authenticated, and one
    // over quota never reaches the backend (nor the fault dice).
    // A name sent to another location's host is refused before it is charged to any quota.
    Reply misrouted = auth.accepted()
        ? LocationRouting.mismatch(LocationRouting.endpointLocation(listenerLocation, authority), qs.path()) : null;
    ProjectQuotas.Rejection overQuota =
        auth.accepted() && misrouted == null && quotas != null ? quotas.admit(qs.path()) : null;
    Fault fault = auth.accepted() && misrouted == null && overQuota == null ? faults.pick(route.isPoll()) : null;
    Exchange ex = new Exchange(method, qs.path(), rawQuery, api.now(), auth, fault, authority);

    if (!auth.accepted()) {
      Reply r = ErrorReplies.error(401, UNAUTHENTICATED, auth.reason())
          .header("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
      return drain(req).then(record(ex, r.status)).then(ReplyWriter.write(res, r));
    }
    if (misrouted != null) {
      return drain(req).then(record(ex, misrouted.status)).then(ReplyWriter.write(res, misrouted));
    }
    if (overQuota != null) {
      Reply r = ErrorReplies.quotaExceeded(overQuota);
      return drain(req).then(record(ex, r.status)).then(ReplyWriter.write(res, r));
    }
    if (fault != null) {
      switch (fault.type()) {
        case STATUS -> {
          return drain(req).then(record(ex, fault.httpStatus())).then(ReplyWriter.write(res, statusFault(fault)));
        }
        case HTML_BODY -> {
          return drain(req).then(record(ex, fault.httpStatus()))
              .then(ReplyWriter.write(res, ReplyWriter.html(fault.httpStatus())));
        }
        case CONNECTION_RESET -> {
          return record(ex, 0).then(ReplyWriter.reset(res));
        }
        case LATENCY -> {
          return Mono.delay(fault.duration(), timer).then(process(req, res, route, qs.parameters(), rawQuery, ex));
        }
        default -> { }
      }
    }
    return process(req, res, route, qs.parameters(), rawQuery, ex);
  }

  private Mono<Void> process(
      HttpServerRequest req, HttpServerResponse res, Router.Route route,
      Map<String, List<String>> params, String rawQuery, Exchange ex) {
    // gax sends "$alt=json;enum-encoding%3Dint": decode before looking.
    boolean ints = QueryStringDecoder.decodeComponent(rawQuery).contains("enum-encoding=int");
    return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
        .flatMap(text -> {
          JsonNode body;
          try {
            body = parseBody(text);
          } catch (JsonProcessingException | IllegalArgumentException e) {
            return Mono.just(ErrorReplies.invalidArgument("Invalid JSON payload received."));
          }
          return api.answer(route, params, body, ints);
        })
        .flatMap(r -> {
          Fault f = ex.fault;
          if (f != null && f.type() == Fault.Type.OVERSIZED_BODY) {
            Reply big = ReplyWriter.oversized(r, f.bytes());
            return record(ex, big.status).then(ReplyWriter.write(res, big));
          }
          if (f != null && f.type() == Fault.Type.TRUNCATED_BODY) {
            return record(ex, r.status).then(ReplyWriter.truncated(res, r));
          }
          return record(ex, r.status).then(ReplyWriter.write(res, r));
        });
  }

  private static JsonNode parseBody(String text) throws JsonProcessingException {
    if (text.isBlank()) {
      return EmulatorJson.object();
    }
    JsonNode n = EmulatorJson.MAPPER.readTree(text);
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("body is not a JSON object");
    }
    return n;
  }

  private static Reply statusFault(Fault f) {
    int s = f.httpStatus();
    Duration retry = f.retryAfterOrNull();
    if (s == 429) {
      List<JsonNode> details = retry == null ? List.of() : List.of(StatusDetails.retryInfo(retry));
      Reply r = ErrorReplies.error(429, "Quota exceeded for quota metric 'Operation requests' of service "
          + "'automl.googleapis.com'.", "RATE_LIMIT_EXCEEDED", details);
      if (retry != null) {
        long secs = retry.getSeconds() + (retry.getNano() > 0 ? 1 : 0);
        r.header("Retry-After", Long.toString(secs));
      }
      return r;
    }
    String message = switch (s) {
      case 500 -> "Internal error encountered.";
      case 502 -> "Bad Gateway.";
      case 503 -> "The service is currently unavailable.";
      case 504 -> "The request timed out. Please try again.";
      default -> "Injected error " + s + ".";
    };
    return ErrorReplies.error(s, message, s >= 500 ? "BACKEND_ERROR" : ErrorReplies.statusName(s));
  }

  private static Mono<Void> drain(HttpServerRequest req) {
    return req.receive().then();
  }

  private Mono<Void> record(Exchange ex, int status) {
    return Mono.fromRunnable(() -> log.add(new RecordedRequest(
        ex.method, ex.path, ex.query, ex.time, ex.auth.present(), ex.auth.accepted(),
        ex.auth.fingerprint(), ex.fault, status, ex.authority)));
  }

  private record Exchange(
      String method, String path, String query, java.time.Instant time, TokenGate.Check auth, Fault fault,
      String authority) {}
}
