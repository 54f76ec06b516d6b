package dev.lropoller.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/**
 * Reads JSON documents into trees, under limits, and renders nodes for messages; the typed field
 * readers are {@link ProtoFields}. Not API: used by the model classes of {@code dev.lropoller},
 * which turn {@link JsonReadException} into their public error.
 *
 * <p>This is the one place the library's JSON parser is built, and it is built for hostile
 * input: every body is read under the limits below, so that no answer can cost a stack
 * overflow, an out-of-memory error or a long parse. A body over a limit is reported like any
 * other malformed body (a 200 answer is then retried as a transient failure). Also refused:
 * duplicate keys in an object (as protobuf's own JSON parser does), and bodies in UTF-16 or
 * UTF-32 (RFC 8259 requires UTF-8). One leading UTF-8 byte-order mark is skipped, as RFC 8259
 * allows.
 */
public final class ProtoJson {
  /**
   * Deepest nesting of objects and arrays: 100, the recursion limit of protobuf's own parsers
   * (binary and JSON), so no message Google can send is refused. Keeps every recursive walk of
   * a tree ({@code toString}, {@code equals}, {@code deepCopy}) far from the stack's end.
   */
  public static final int MAX_NESTING_DEPTH = 100;

  /**
   * Largest body parsed: 8 MiB, twice the HTTP adapter's default response cap of 4 MiB, so a
   * raised cap up to this value still parses. A transport that hands over more gets a clear
   * error instead of a long parse.
   */
  public static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

  /**
   * Most tokens in one body: 1,000,000. Real operation and error bodies have 12 to 19 bytes per
   * token, so a legitimate body up to {@link #MAX_DOCUMENT_BYTES} stays well below it. Without
   * it, 4 MiB of empty objects ({@code [{},{},...]}, 2.8 million tokens) builds a tree of
   * about 113 MB; with it, parsing stops after a million tokens.
   */
  public static final long MAX_TOKEN_COUNT = 1_000_000;

  /**
   * Longest string value: 1 Mi characters (Jackson's default is 20 million). Names, messages
   * and paths in operations are at most a few kilobytes.
   */
  public static final int MAX_STRING_LENGTH = 1024 * 1024;

  /**
   * Longest number, in characters, whether a JSON number or an int64 sent as a string: 100.
   * An int64 has at most 20 characters and a double about 25; a longer one costs
   * super-linear time to convert (Jackson's default is 1000).
   */
  public static final int MAX_NUMBER_LENGTH = 100;

  /**
   * Longest property name: 4096 characters (Jackson's default is 50,000). Proto field names
   * and the map keys in Google APIs (labels: at most 63) are far shorter.
   */
  public static final int MAX_NAME_LENGTH = 4096;

  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_NESTING_DEPTH)
      .maxDocumentLength(MAX_DOCUMENT_BYTES)
      .maxTokenCount(MAX_TOKEN_COUNT)
      .maxStringLength(MAX_STRING_LENGTH)
      .maxNumberLength(MAX_NUMBER_LENGTH)
      .maxNameLength(MAX_NAME_LENGTH)
      .build();
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(LIMITS)
      // Names from untrusted bodies are not put in the JVM's string pool.
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .build());
  private static final ObjectReader TREE_READER = MAPPER.reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  static {
    // Jackson builds and caches the tree deserializer on first use under a lock. Doing it here,
    // on whichever thread loads this class, keeps that lock off the event loops (BlockHound
    // caught concurrent first polls parking on it).
    try {
      TREE_READER.readTree("{}");
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ProtoJson() {}

  /**
   * The shared mapper, built with the limits above. Do not reconfigure it.
   *
   * @return the mapper
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses a body into a tree; trailing content after the first value is an error.
   *
   * @param body UTF-8 JSON
   * @return the root node, never a {@code MissingNode}
   * @throws JsonReadException for a null, empty or malformed body, quoting it
   */
  public static JsonNode readTree(byte[] body) {
    if (body == null || body.length == 0) {
      throw new JsonReadException("expected a JSON body, got an empty body");
    }
    if (body.length > MAX_DOCUMENT_BYTES) {
      throw new JsonReadException("JSON body of " + body.length
          + " bytes is over the parser's limit of " + MAX_DOCUMENT_BYTES + " bytes: "
          + Texts.quote(body));
    }
    if (notUtf8(body)) {
      throw new JsonReadException(
          "expected a UTF-8 JSON body, got UTF-16 or UTF-32: " + Texts.quote(body));
    }
    JsonNode root;
    try {
      root = TREE_READER.readTree(body);
    } catch (IOException | RuntimeException e) {
      throw malformed(e, Texts.quote(body));
    }
    return present(root, body);
  }

  /**
   * Parses a string into a tree; see {@link #readTree(byte[])}.
   *
   * @param body JSON text
   * @return the root node
   * @throws JsonReadException for a null, empty or malformed body, quoting it
   */
  public static JsonNode readTree(String body) {
    if (body == null || body.isEmpty()) {
      throw new JsonReadException("expected a JSON body, got an empty body");
    }
    if (body.length() > MAX_DOCUMENT_BYTES) {
      throw new JsonReadException("JSON body of " + body.length()
          + " characters is over the parser's limit of " + MAX_DOCUMENT_BYTES + ": "
          + Texts.quote(body));
    }
    // The byte form skips a UTF-8 byte-order mark; the text form does the same.
    String text = body.charAt(0) == '\uFEFF' ? body.substring(1) : body;
    JsonNode root;
    try {
      root = TREE_READER.readTree(text);
    } catch (IOException | RuntimeException e) {
      throw malformed(e, Texts.quote(body));
    }
    return present(root, body);
  }

  /** The quote of the body is built only on the error path: it is costly and polls are hot. */
  private static JsonNode present(JsonNode node, Object body) {
    if (node == null || node.isMissingNode()) {
      String quoted = body instanceof byte[] ? Texts.quote((byte[]) body) : Texts.quote((String) body);
      throw new JsonReadException("expected a JSON body, got " + quoted);
    }
    return node;
  }

  /**
   * Whether the body is UTF-16 or UTF-32, which the parser would otherwise detect and accept:
   * a byte-order mark of those, or a zero byte among the first two (JSON text in UTF-8 never
   * has a zero byte; UTF-16 and UTF-32 text starting with ASCII always has one).
   */
  private static boolean notUtf8(byte[] body) {
    if (body.length < 2) {
      return body[0] == 0;
    }
    int b0 = body[0] & 0xff;
    int b1 = body[1] & 0xff;
    return b0 == 0 || b1 == 0 || (b0 == 0xfe && b1 == 0xff) || (b0 == 0xff && b1 == 0xfe);
  }

  private static JsonReadException malformed(Exception e, String quoted) {
    String why = e instanceof JsonProcessingException
        ? ((JsonProcessingException) e).getOriginalMessage()
        : e.getMessage();
    String where = "";
    if (e instanceof JsonProcessingException && ((JsonProcessingException) e).getLocation() != null) {
      var loc = ((JsonProcessingException) e).getLocation();
      where = " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
    String firstLine = why == null ? "" : why.lines().findFirst().orElse("");
    String what = e instanceof StreamConstraintsException ? "JSON over a parser limit" : "malformed JSON";
    return new JsonReadException(
        what + where + " (" + Texts.excerpt(firstLine, 160, false) + "): " + quoted,
        e);
  }

  /**
   * The snake_case form of a lowerCamelCase name: {@code "gcsOutputDirectory"} gives
   * {@code "gcs_output_directory"}.
   *
   * @param camel the name
   * @return the snake_case name (the same string when it has no capitals)
   */
  public static String snakeCase(String camel) {
    StringBuilder b = null;
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (b == null) {
          b = new StringBuilder(camel.length() + 4).append(camel, 0, i);
        }
        b.append('_').append((char) (c + ('a' - 'A')));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? camel : b.toString();
  }

  /**
   * The lowerCamelCase form of a snake_case name: {@code "gcs_output_directory"} gives
   * {@code "gcsOutputDirectory"}.
   *
   * @param snake the name
   * @return the camelCase name (the same string when it has no underscores)
   */
  public static String camelCase(String snake) {
    if (snake.indexOf('_') < 0) {
      return snake;
    }
    StringBuilder b = new StringBuilder(snake.length());
    boolean upper = false;
    for (int i = 0; i < snake.length(); i++) {
      char c = snake.charAt(i);
      if (c == '_') {
        upper = b.length() > 0;
      } else {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return b.toString();
  }

  /**
   * A node rendered for a message: strings quoted, anything else as compact JSON, both cut to
   * {@link Texts#MAX_QUOTE} characters.
   *
   * @param node the node
   * @return the rendering
   */
  public static String render(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    if (node.isTextual()) {
      return Texts.quote(node.textValue());
    }
    String json = node.toString();
    return json.length() > Texts.MAX_QUOTE
        ? Texts.excerpt(json, Texts.MAX_QUOTE, false) + " (" + json.length() + " chars)"
        : Texts.excerpt(json, Texts.MAX_QUOTE, false);
  }
}
