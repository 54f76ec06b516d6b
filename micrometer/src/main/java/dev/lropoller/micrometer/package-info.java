/**
 * Micrometer meters for lro-poller: {@link dev.lropoller.micrometer.MicrometerPollListener}, a
 * {@link dev.lropoller.PollListener} to pass to {@code OperationPoller.Builder.listener}.
 */
package dev.lropoller.micrometer;
