/**
 * The outside world for lro-poller: a Reactor Netty HTTP transport, a Google Auth Library token
 * source and the user-facing {@link dev.lropoller.reactor.GoogleOperationPoller#builder()}.
 *
 * <p>Start with {@code GoogleOperationPoller.builder().build()}: it watches operations on
 * {@code https://automl.googleapis.com} with Application Default Credentials. Nothing here
 * blocks a Reactor or Netty thread; Google Auth's blocking token refresh runs on
 * {@code Schedulers.boundedElastic()}.
 */
package dev.lropoller.reactor;
