package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer to write: status, extra headers, content type and body bytes. */
final class Reply {
  static final String JSON = "application/json; charset=UTF-8";

  final int status;
  final String contentType;
  final byte[] body;
  final Map<String, String> headers;
  /** The JSON the body was made from, when it is JSON (for faults that rewrite bodies). */
  final JsonNode json;

  private Reply(int status, String contentType, byte[] body, JsonNode json, Map<String, String> headers) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.json = json;
    this.headers = headers;
  }

  static Reply json(int status, JsonNode node) {
    try {
      return new Reply(status, JSON, EmulatorJson.MAPPER.writeValueAsBytes(node), node, new LinkedHashMap<>());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize reply", e);
    }
  }

  static Reply text(int status, String contentType, String body) {
    return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), null, new LinkedHashMap<>());
  }

  static Reply raw(int status, String contentType, byte[] body, JsonNode json, Map<String, String> headers) {
    return new Reply(status, contentType, body, json, new LinkedHashMap<>(headers));
  }

  Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
