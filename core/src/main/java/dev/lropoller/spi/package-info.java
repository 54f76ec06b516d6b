/**
 * The ports of lro-poller: what the polling engine needs from the outside world.
 *
 * <p>{@link dev.lropoller.spi.OperationsTransport} sends the REST calls and
 * {@link dev.lropoller.spi.AccessTokenSource} supplies bearer tokens. The engine in
 * {@code dev.lropoller} runs all retry, backoff, auth-refresh and timeout logic against them, so
 * an adapter only translates; {@code lro-poller-reactor-adapter} implements both with Reactor
 * Netty and the Google Auth Library. An optional {@link dev.lropoller.spi.RequestBudget} decides
 * each budget key's request rate outside the poller, such as across replicas
 * ({@code lro-poller-redis}).
 */
package dev.lropoller.spi;
