/**
 * An embedded, in-memory emulator of the Cloud AutoML v1 long-running operations REST API.
 *
 * <p>{@link dev.lropoller.testing.emulator.AutoMlEmulator} runs a Reactor Netty HTTP server on
 * the loopback interface. It starts operations through the ten AutoML RPCs or programmatically
 * from an {@link dev.lropoller.testing.emulator.OperationScript}, answers {@code GET /v1/{name}},
 * list, cancel, delete and wait in ProtoJSON, checks bearer tokens, injects transport faults
 * ({@link dev.lropoller.testing.emulator.EmulatorFaults}), enforces an optional per-project
 * quota of requests per minute with Google's 429 RESOURCE_EXHAUSTED answer
 * ({@link dev.lropoller.testing.emulator.ProjectTraffic}) and records every request
 * ({@link dev.lropoller.testing.emulator.RecordedRequest}). It depends only on Reactor Netty,
 * reactor-core and Jackson, never on the poller's core classes: it speaks JSON.
 *
 * <p>It also speaks Vertex AI v1 ({@link dev.lropoller.testing.emulator.VertexControl}): jobs of
 * every {@link dev.lropoller.testing.emulator.VertexJobKind} moved by a
 * {@link dev.lropoller.testing.emulator.JobScript}, operations of every
 * {@link dev.lropoller.testing.emulator.VertexRpc}, one port per location with the request's
 * authority recorded, and a quota per project and location
 * ({@link dev.lropoller.testing.emulator.LocationTraffic}).
 *
 * <p>{@link dev.lropoller.testing.emulator.EmulatorMain} runs it standalone on a port
 * ({@code java -jar testing/target/lro-poller-emulator.jar --help}).
 */
package dev.lropoller.testing.emulator;
