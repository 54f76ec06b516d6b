package dev.lropoller.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lropoller.model.Operation;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Operation#parse(byte[])} against the floor: a plain Jackson {@code readTree} of the same
 * bytes (which the parser does first, then reads and validates the fields it exposes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class OperationParseBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** running: in progress; model: done with a Model; error: done with a 40-detail error. */
  @Param({"running", "model", "error"})
  public String body;

  private byte[] bytes;

  /** Builds the body for this trial. */
  @Setup
  public void setUp() {
    switch (body) {
      case "running":
        bytes = Bodies.running();
        break;
      case "model":
        bytes = Bodies.doneWithModel();
        break;
      case "error":
        bytes = Bodies.doneWithLargeError(40);
        break;
      default:
        throw new IllegalArgumentException("unknown body: " + body);
    }
    // Both must accept the body, or the comparison is meaningless.
    Operation.parse(bytes);
  }

  /**
   * The library's parse.
   *
   * @return the snapshot
   */
  @Benchmark
  public Operation lroPollerParse() {
    return Operation.parse(bytes);
  }

  /**
   * Baseline: Jackson tree of the same bytes, nothing read from it.
   *
   * @return the tree
   * @throws IOException never for these bodies
   */
  @Benchmark
  public JsonNode baselineJacksonReadTree() throws IOException {
    return MAPPER.readTree(bytes);
  }
}
