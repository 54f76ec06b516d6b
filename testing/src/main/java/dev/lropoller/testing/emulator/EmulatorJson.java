package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** ProtoJSON helpers: timestamps, durations, Any type URLs and enum encoding. */
final class EmulatorJson {
  static final String TYPE_PREFIX = "type.googleapis.com/";
  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** Enum fields the emulator emits, with their protobuf numbers (for enum-encoding=int). */
  private static final Map<String, Map<String, Integer>> ENUMS =
      Map.of(
          "deploymentState", Map.of("DEPLOYMENT_STATE_UNSPECIFIED", 0, "DEPLOYED", 1, "UNDEPLOYED", 2),
          "classificationType",
              Map.of("CLASSIFICATION_TYPE_UNSPECIFIED", 0, "MULTICLASS", 1, "MULTILABEL", 2),
          // Vertex: JobState, PipelineState and Trial/NasTrial.State share the key; their names differ.
          "state", vertexStates(),
          "deploymentStage", Map.ofEntries(
              Map.entry("STARTING_DEPLOYMENT", 5), Map.entry("PREPARING_MODEL", 6),
              Map.entry("CREATING_SERVING_CLUSTER", 7), Map.entry("ADDING_NODES_TO_CLUSTER", 8),
              Map.entry("GETTING_CONTAINER_IMAGE", 9), Map.entry("STARTING_MODEL_SERVER", 3),
              Map.entry("FINISHING_UP", 4), Map.entry("DEPLOYMENT_TERMINATED", 10),
              Map.entry("SUCCESSFULLY_DEPLOYED", 11), Map.entry("FAILED_TO_DEPLOY", 12)),
          "goal", Map.of("MAXIMIZE", 1, "MINIMIZE", 2));

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private EmulatorJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** RFC 3339 with six fraction digits and {@code Z}, as AutoML answers. */
  static String timestamp(Instant t) {
    return MICROS.format(t);
  }

  /**
   * RFC 3339 as protobuf's JSON printer writes it: no fraction, or 3, 6 or 9 digits, and
   * {@code Z}. Vertex answers are rendered with it so that parsing and printing them back with
   * {@code JsonFormat} gives the same text.
   */
  static String protoTimestamp(Instant t) {
    int n = t.getNano();
    String base = SECONDS.format(t);
    if (n == 0) {
      return base + "Z";
    }
    if (n % 1_000_000 == 0) {
      return base + String.format(".%03dZ", n / 1_000_000);
    }
    if (n % 1_000 == 0) {
      return base + String.format(".%06dZ", n / 1_000);
    }
    return base + String.format(".%09dZ", n);
  }

  private static Map<String, Integer> vertexStates() {
    Map<String, Integer> m = new java.util.HashMap<>();
    for (JobState s : JobState.values()) {
      m.put("JOB_STATE_" + s.name(), s.number());
      if (s.inPipelineState()) {
        m.put("PIPELINE_STATE_" + s.name(), s.number());
      }
    }
    // google.cloud.aiplatform.v1.Trial.State and NasTrial.State (same numbers).
    m.putAll(Map.of("REQUESTED", 1, "ACTIVE", 2, "STOPPING", 3, "SUCCEEDED", 4, "INFEASIBLE", 5));
    return Map.copyOf(m);
  }

  /** Truncates to microseconds: the precision the emulator keeps and shows. */
  static Instant micros(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  /** ProtoJSON Duration: seconds with 0, 3, 6 or 9 fraction digits and an {@code s} suffix. */
  static String duration(Duration d) {
    long s = d.getSeconds();
    int n = d.getNano();
    if (n == 0) {
      return s + "s";
    }
    String frac;
    if (n % 1_000_000 == 0) {
      frac = String.format("%03d", n / 1_000_000);
    } else if (n % 1_000 == 0) {
      frac = String.format("%06d", n / 1_000);
    } else {
      frac = String.format("%09d", n);
    }
    return s + "." + frac + "s";
  }

  /**
   * Parses a ProtoJSON Duration such as {@code "30s"} or {@code "2.5s"}.
   *
   * @throws IllegalArgumentException if the text is not a duration
   */
  static Duration parseDuration(String text) {
    if (text == null || !text.endsWith("s") || text.length() < 2) {
      throw new IllegalArgumentException("not a google.protobuf.Duration: \"" + text + "\"");
    }
    try {
      java.math.BigDecimal seconds = new java.math.BigDecimal(text.substring(0, text.length() - 1));
      if (seconds.signum() < 0) {
        throw new IllegalArgumentException("negative duration: \"" + text + "\"");
      }
      return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a google.protobuf.Duration: \"" + text + "\"", e);
    }
  }

  /** Returns a copy of {@code node} with known enum names replaced by numbers, recursively. */
  static JsonNode enumsAsInts(JsonNode node) {
    JsonNode copy = node.deepCopy();
    convert(copy);
    return copy;
  }

  private static void convert(JsonNode node) {
    if (node.isObject()) {
      ObjectNode obj = (ObjectNode) node;
      for (Map.Entry<String, JsonNode> e : obj.properties()) {
        if (e.getKey().equals("labels")) {
          continue; // user strings, never enums
        }
        Map<String, Integer> values = ENUMS.get(e.getKey());
        if (values != null && e.getValue().isTextual() && values.containsKey(e.getValue().asText())) {
          e.setValue(obj.numberNode(values.get(e.getValue().asText())));
        } else {
          convert(e.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(EmulatorJson::convert);
    }
  }
}
