/**
 * Not API: helpers of lro-poller's core that other packages of core call (ProtoJSON readers,
 * resource-name splitting, quoting, Jackson binding, RFC 3339 formatting).
 *
 * <p>The types here are {@code public} only because Java has no other way to share them between
 * {@code dev.lropoller} and this package. They are not part of lro-poller's API: they may change
 * or disappear in any release, and user code must not call them. Nothing a user needs is here;
 * the API is {@code dev.lropoller} and {@code dev.lropoller.spi}.
 */
package dev.lropoller.internal;
