package dev.lropoller.testing.emulator;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** Writes a {@link Reply} to Reactor Netty, honestly or distorted by a body-level fault. */
final class ReplyWriter {
  private static final String HTML =
      "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>Error %1$d (%2$s)</title></head>"
          + "<body><p><b>%1$d.</b> <ins>That's an error.</ins></p>"
          + "<p>The server encountered a temporary error and could not complete your request.</p></body></html>";

  private ReplyWriter() {}

  static Mono<Void> write(HttpServerResponse res, Reply r) {
    return send(res, r, r.body, r.body.length);
  }

  /** Full headers, half the body, then the connection is closed. */
  static Mono<Void> truncated(HttpServerResponse res, Reply r) {
    byte[] half = Arrays.copyOf(r.body, r.body.length / 2);
    return Mono.create(sink -> res.withConnection(c -> {
      DefaultFullHttpResponse raw = new DefaultFullHttpResponse(
          HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status), Unpooled.wrappedBuffer(half));
      raw.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType);
      raw.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body.length);
      r.headers.forEach(raw.headers()::set);
      c.channel().writeAndFlush(raw).addListener(f -> {
        c.channel().close();
        sink.success();
      });
    }));
  }

  /** The connection is reset (SO_LINGER 0 then close) before any response byte. */
  static Mono<Void> reset(HttpServerResponse res) {
    return Mono.fromRunnable(() -> res.withConnection(c -> {
      c.channel().config().setOption(ChannelOption.SO_LINGER, 0);
      c.channel().close();
    }));
  }

  /** A valid JSON object body padded with an unknown field to {@code bytes} bytes. */
  static Reply oversized(Reply r, int bytes) {
    if (r.json == null || !r.json.isObject() || r.body.length >= bytes) {
      return r;
    }
    byte[] head = ",\"emulatorPadding\":\"".getBytes(StandardCharsets.US_ASCII);
    int pad = Math.max(0, bytes - r.body.length - head.length - 1);
    byte[] out = new byte[r.body.length + head.length + pad + 1];
    System.arraycopy(r.body, 0, out, 0, r.body.length - 1);
    int pos = r.body.length - 1;
    System.arraycopy(head, 0, out, pos, head.length);
    pos += head.length;
    Arrays.fill(out, pos, pos + pad, (byte) 'x');
    pos += pad;
    out[pos++] = '"';
    out[pos] = '}';
    return Reply.raw(r.status, r.contentType, out, r.json, r.headers);
  }

  static Reply html(int status) {
    String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
    return Reply.text(status, "text/html; charset=UTF-8", String.format(HTML, status, reason));
  }

  private static Mono<Void> send(HttpServerResponse res, Reply r, byte[] bytes, int contentLength) {
    res.status(r.status);
    res.header(HttpHeaderNames.CONTENT_TYPE, r.contentType);
    res.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(contentLength));
    r.headers.forEach(res::header);
    return res.send(Mono.just(Unpooled.wrappedBuffer(bytes))).then();
  }
}
