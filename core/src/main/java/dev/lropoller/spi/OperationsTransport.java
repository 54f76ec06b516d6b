package dev.lropoller.spi;

import reactor.core.publisher.Mono;

/**
 * Sends the google.longrunning REST calls. One instance serves every watch of a poller, so
 * implementations must be thread-safe and must not block.
 *
 * <p>Every method is lazy: nothing is sent until subscription, and cancelling the subscription
 * aborts the request. Failures are signalled as {@link TransportException}, which says whether
 * a retry may help and carries any server-requested delay. An HTTP 2xx answer is returned as
 * its raw body; the engine parses it, so an unreadable body is the engine's concern.
 *
 * <p>{@code token} is {@link AccessToken#none()} when the poller runs without credentials; the
 * transport then sends no {@code Authorization} header.
 *
 * <p>The engine watches an operation by polling {@link #getOperation} and does not use
 * {@code POST …:wait}: the API documents wait as best effort, and each waiting request would hold
 * a connection or stream for its whole timeout, outside the engine's {@code maxInFlight} queue.
 */
public interface OperationsTransport {

  /**
   * Checks, when a poller is asked about {@code name} and before anything is sent or any token
   * fetched, that this transport can send requests about it; for example that it has an endpoint
   * for the name's location. Called with operation names and list parents that already passed
   * the poller's own name rules. Must be fast and must not block. Default: every name is
   * accepted.
   *
   * @param name a validated operation name or list parent
   * @throws IllegalArgumentException if no request about {@code name} can be sent; the message
   *     names what is missing and quotes the name
   */
  default void checkName(String name) {}

  /**
   * {@code GET /v1/{name}}.
   *
   * @param name a validated operation name, such as
   *     {@code projects/p/locations/us-central1/operations/ICN123}
   * @param token the bearer token to send
   * @return the response body of a 2xx answer
   */
  Mono<byte[]> getOperation(String name, AccessToken token);

  /**
   * {@code GET /v1/{parent}/operations?filter=&pageToken=}. The engine asks for no page size, so
   * pages have the server's default size.
   *
   * @param parent a validated parent, such as {@code projects/p/locations/us-central1}
   * @param filter the list filter, or {@code ""} for none
   * @param pageToken the {@code nextPageToken} of the previous page, or {@code ""} for the first
   * @param token the bearer token to send
   * @return the response body, {@code {"operations": [...], "nextPageToken": "..."}}
   */
  Mono<byte[]> listOperations(String parent, String filter, String pageToken, AccessToken token);

  /**
   * {@code POST /v1/{name}:cancel} with body {@code {}}.
   *
   * @param name a validated operation name
   * @param token the bearer token to send
   * @return completes when the server accepted the request
   */
  Mono<Void> cancelOperation(String name, AccessToken token);

  /**
   * {@code DELETE /v1/{name}}.
   *
   * @param name a validated operation name
   * @param token the bearer token to send
   * @return completes when the server accepted the request
   */
  Mono<Void> deleteOperation(String name, AccessToken token);
}
