package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.model.Operation;
import dev.lropoller.model.ResponseType;
import dev.lropoller.model.RpcStatus;
import dev.lropoller.spi.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutates real bodies at random (seeded, so a failure repeats) and checks that every parser
 * either reads the result or refuses it in the documented way: {@link Operation#parse} with an
 * {@link UnexpectedResponseException}, a list page with a retryable {@link TransportException},
 * an error body never. Any other throwable (NumberFormatException, NullPointerException,
 * StackOverflowError, ...) fails the test with the seed and the body.
 */
class HostileBodyFuzzTest {
  private static final long SEED = 0x5EED_1ED7L;
  private static final int ROUNDS = 6_000;
  private static final String[] INSERTS = {
      "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "null", "true", "1e999", "-1e400", "1.5",
      "99999999999999999999", "\"\"", "{}", "[]", "\"name\":", "\"done\":", "\"@type\":",
      "\"@type\": 5", "\"error\":", "\"code\":", "\"details\":", "\"retryDelay\": \"1e9s\"",
      "\"progressPercent\":", "\"createTime\":", "\"2019-02-30T25:61:61.1234567890Z\"",
      "\"operations\":", "\"nextPageToken\":", "\uFEFF", "\u0000", "\r\n", "/*", "NaN",
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["};

  /** Values swapped in for the value after a random ':', to hit every field with every type. */
  private static final String[] VALUES = {
      "1e999", "-1e400", "1e19", "1.5", "-1", "0", "99999999999999999999", "\"1e999\"", "\"x\"",
      "\"\"", "{}", "[]", "[5]", "[{}]", "true", "null", "{\"@type\": 5}", "\"99999999999999999999s\"",
      "{\"seconds\": 1e999}", "\"2019-07-22T18:35:06.1234567890Z\"", "[[[[[[[[[[]]]]]]]]]]"};

  @Test
  @Timeout(120) // about 6 s alone; the margin is for a loaded build machine
  void mutatedBodiesAreReadOrRefusedTheDocumentedWay() {
    List<byte[]> seeds = seeds();
    Random random = new Random(SEED);
    int refused = 0;
    int read = 0;
    for (int round = 0; round < ROUNDS; round++) {
      byte[] body = mutate(seeds.get(random.nextInt(seeds.size())), random);
      try {
        if (checkOperation(body)) {
          read++;
        } else {
          refused++;
        }
        checkListPage(body);
        RpcStatus status = RpcStatus.fromErrorBody(503, body);
        assertThat(status.message()).isNotEmpty();
        status.retryDelay();
        status.reason();
        status.toString();
      } catch (AssertionError | RuntimeException | StackOverflowError e) {
        fail("round " + round + " (seed " + SEED + ") on body "
            + new String(body, StandardCharsets.ISO_8859_1) + " threw " + e, e);
      }
    }
    // The mutations must reach both outcomes, or the test proves little.
    assertThat(read).isGreaterThan(ROUNDS / 20);
    assertThat(refused).isGreaterThan(ROUNDS / 2);
  }

  /** Returns whether the body was read as an operation. */
  private static boolean checkOperation(byte[] body) {
    Operation op;
    try {
      op = Operation.parse(body);
    } catch (UnexpectedResponseException e) {
      assertThat(e.getMessage()).isNotEmpty().hasSizeLessThan(2000);
      return false;
    }
    assertThat(op.toString()).hasSizeLessThan(2000);
    assertThat(op).isEqualTo(Operation.parse(body)).hasSameHashCodeAs(Operation.parse(body));
    op.json();
    op.metadata().kind();
    op.metadata().partialFailures().forEach(RpcStatus::retryDelay);
    op.error().ifPresent(RpcStatus::retryDelay);
    if (op.done() && op.error().isEmpty()) {
      for (ResponseType<?> type : List.of(ResponseType.MODEL, ResponseType.DATASET,
          ResponseType.BATCH_PREDICT_RESULT, ResponseType.EMPTY, ResponseType.JSON)) {
        try {
          type.read(op);
        } catch (UnexpectedResponseException e) {
          assertThat(e.operationName()).isEqualTo(op.name());
        }
      }
    }
    return true;
  }

  private static void checkListPage(byte[] body) {
    try {
      OperationsPage page = OperationsPage.parse("projects/p/locations/l", body);
      assertThat(page.operations()).doesNotContainNull();
      assertThat(page.nextPageToken()).isNotNull();
    } catch (TransportException e) {
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).startsWith("unreadable list page for projects/p/locations/l: ");
    }
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed;
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      int at = random.nextInt(b.length + 1);
      switch (random.nextInt(7)) {
        case 5, 6 -> b = swapValue(b, at, VALUES[random.nextInt(VALUES.length)]);
        case 0 -> { // flip one byte to anything
          if (b.length > 0) {
            b = b.clone();
            b[Math.min(at, b.length - 1)] = (byte) random.nextInt(256);
          }
        }
        case 1 -> b = splice(b, at, at, INSERTS[random.nextInt(INSERTS.length)]
            .getBytes(StandardCharsets.UTF_8));
        case 2 -> b = splice(b, at, Math.min(b.length, at + random.nextInt(20)), new byte[0]);
        case 3 -> { // duplicate a slice, which repeats keys and nests structures
          int end = Math.min(b.length, at + random.nextInt(60));
          b = splice(b, at, at, Arrays.copyOfRange(b, at, end));
        }
        default -> b = Arrays.copyOf(b, at); // truncate
      }
    }
    return b;
  }

  /** Replaces the scalar after the first ':' at or after {@code at}, if any, by {@code value}. */
  private static byte[] swapValue(byte[] b, int at, String value) {
    int colon = at;
    while (colon < b.length && b[colon] != ':') {
      colon++;
    }
    if (colon >= b.length) {
      return b;
    }
    int end = colon + 1;
    while (end < b.length && b[end] != ',' && b[end] != '}' && b[end] != ']' && b[end] != '{'
        && b[end] != '[') {
      end++;
    }
    if (end < b.length && (b[end] == '{' || b[end] == '[')) {
      return splice(b, colon + 1, colon + 1, (value + ", \"x\": ").getBytes(StandardCharsets.UTF_8));
    }
    return splice(b, colon + 1, end, (" " + value).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] out = new byte[b.length - (to - from) + insert.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }

  private static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    for (String name : List.of("done-with-error.json", "error-403.json", "error-429-retry.json",
        "seed-create-model-done.json", "seed-create-model-started.json", "seed-import-done.json",
        "snake-case-batch-predict.json", "wire-model-done.json")) {
      seeds.add(resource(name));
    }
    String op = new String(resource("wire-model-done.json"), StandardCharsets.UTF_8);
    seeds.add(("{\"operations\": [" + op + ", " + op + "], \"nextPageToken\": \"page-2\"}")
        .getBytes(StandardCharsets.UTF_8));
    seeds.add(("{\"name\": \"projects/p/locations/l/operations/D\", \"done\": true, \"response\": "
        + "{\"@type\": \"type.googleapis.com/google.cloud.automl.v1.Dataset\", \"name\": "
        + "\"projects/p/locations/l/datasets/d\", \"exampleCount\": \"42\"}}")
        .getBytes(StandardCharsets.UTF_8));
    return seeds;
  }

  private static byte[] resource(String name) {
    try (InputStream in = HostileBodyFuzzTest.class.getResourceAsStream("/json/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource json/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
