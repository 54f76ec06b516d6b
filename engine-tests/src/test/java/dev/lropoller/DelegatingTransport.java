package dev.lropoller;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.OperationsTransport;
import reactor.core.publisher.Mono;

/** Passes every call to another transport (usually the fake); a test overrides the one it bends. */
class DelegatingTransport implements OperationsTransport {
  private final OperationsTransport target;

  DelegatingTransport(OperationsTransport target) {
    this.target = target;
  }

  @Override
  public Mono<byte[]> getOperation(String name, AccessToken token) {
    return target.getOperation(name, token);
  }

  @Override
  public Mono<byte[]> listOperations(
      String parent, String filter, String pageToken, AccessToken token) {
    return target.listOperations(parent, filter, pageToken, token);
  }

  @Override
  public Mono<Void> cancelOperation(String name, AccessToken token) {
    return target.cancelOperation(name, token);
  }

  @Override
  public Mono<Void> deleteOperation(String name, AccessToken token) {
    return target.deleteOperation(name, token);
  }
}
