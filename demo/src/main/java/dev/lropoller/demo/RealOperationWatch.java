package dev.lropoller.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.bench.support.Durations;
import dev.lropoller.error.CredentialsException;
import dev.lropoller.model.Operation;
import dev.lropoller.model.ResponseType;
import dev.lropoller.model.RpcStatus;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code --operation NAME}: watches one real operation with Application Default Credentials,
 * printing every poll and the outcome. Exit code 0 if it succeeded, 1 if it failed or the watch
 * failed, 2 if the name is malformed.
 */
final class RealOperationWatch {
  private final PrintStream out;

  RealOperationWatch(PrintStream out) {
    this.out = out;
  }

  int watch(String name, URI endpointOrNull) {
    PollPolicy policy = PollPolicy.defaults();
    OperationPoller poller = Pollers.forGoogle(endpointOrNull, policy);
    out.println("Watching " + name + " at "
        + (endpointOrNull == null ? "https://automl.googleapis.com" : endpointOrNull)
        + " with Application Default Credentials; polls every "
        + Durations.format(policy.initialInterval()) + " growing x" + policy.multiplier() + " to "
        + Durations.format(policy.maxInterval()) + ", Ctrl-C to stop");
    long start = System.nanoTime();
    reactor.core.publisher.Flux<Operation> polls;
    try {
      polls = poller.poll(name);
    } catch (IllegalArgumentException e) {
      out.println("Not an operation name: " + e.getMessage());
      return Demo.EXIT_USAGE;
    }
    Operation last;
    try {
      last = polls
          .doOnNext(op -> printPoll(op, Duration.ofNanos(System.nanoTime() - start)))
          .last()
          .block();
    } catch (CredentialsException e) {
      out.println("The watch failed: the credentials need fixing (" + e.getClass().getSimpleName()
          + "): " + e.getMessage());
      return Demo.EXIT_DIFFERENT;
    } catch (RuntimeException e) {
      out.println("The watch failed: " + e);
      return Demo.EXIT_DIFFERENT;
    }
    return printOutcome(last);
  }

  private void printPoll(Operation op, Duration at) {
    out.printf(Locale.ROOT, "  %7s  done=%-5s progress=%-4s kind=%s%s%n",
        Durations.format(at), op.done(),
        op.progressPercent().isPresent() ? op.progressPercent().getAsInt() + "%" : "-",
        op.metadata().kind(),
        op.metadata().updateTime().map(t -> " updated " + t).orElse(""));
  }

  private int printOutcome(Operation done) {
    if (done.error().isPresent()) {
      RpcStatus s = done.error().get();
      out.println("Failed: code " + s.codeNumber() + " " + s.code() + ", message \"" + s.message() + "\"");
      for (JsonNode d : s.details()) {
        out.println("  detail " + TypedOutcome.describe(d));
      }
      return Demo.EXIT_DIFFERENT;
    }
    String type = done.responseType().orElse("(none)");
    out.println("Succeeded: response " + type);
    TypedOutcome o = switch (type) {
      case "google.cloud.automl.v1.Model" -> TypedOutcome.model(ResponseType.MODEL.read(done));
      case "google.cloud.automl.v1.BatchPredictResult" ->
          TypedOutcome.batch(ResponseType.BATCH_PREDICT_RESULT.read(done));
      default -> null;
    };
    if (o != null) {
      o.lines().forEach(l -> out.println("  " + l));
    } else {
      done.response().ifPresent(r -> out.println("  " + r));
    }
    return 0;
  }
}
