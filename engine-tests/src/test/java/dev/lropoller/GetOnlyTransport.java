package dev.lropoller;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.OperationsTransport;
import reactor.core.publisher.Mono;

/** A test server that answers only GETs: listing, cancel and delete fail as not served. */
interface GetOnlyTransport extends OperationsTransport {
  @Override
  default Mono<byte[]> listOperations(String parent, String filter, String pageToken,
      AccessToken token) {
    return Mono.error(new UnsupportedOperationException("not served"));
  }

  @Override
  default Mono<Void> cancelOperation(String name, AccessToken token) {
    return Mono.error(new UnsupportedOperationException("not served"));
  }

  @Override
  default Mono<Void> deleteOperation(String name, AccessToken token) {
    return Mono.error(new UnsupportedOperationException("not served"));
  }
}
