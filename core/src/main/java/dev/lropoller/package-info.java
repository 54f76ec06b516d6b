/**
 * lro-poller core: watch Google Cloud long-running operations without blocking a thread.
 *
 * <p>{@link dev.lropoller.OperationPoller} is the entry point; {@link dev.lropoller.PollPolicy}
 * says when to poll; {@link dev.lropoller.model.Operation} is one poll's snapshot.
 */
package dev.lropoller;
