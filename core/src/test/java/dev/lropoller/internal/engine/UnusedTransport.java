package dev.lropoller.internal.engine;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.OperationsTransport;
import reactor.core.publisher.Mono;

/** The engine's own requests, for tests whose calls bring their own: any use is a failure. */
final class UnusedTransport implements OperationsTransport {
  @Override
  public Mono<byte[]> getOperation(String name, AccessToken token) {
    throw new AssertionError("not used");
  }

  @Override
  public Mono<byte[]> listOperations(String parent, String filter, String page, AccessToken t) {
    throw new AssertionError("not used");
  }

  @Override
  public Mono<Void> cancelOperation(String name, AccessToken token) {
    throw new AssertionError("not used");
  }

  @Override
  public Mono<Void> deleteOperation(String name, AccessToken token) {
    throw new AssertionError("not used");
  }
}
