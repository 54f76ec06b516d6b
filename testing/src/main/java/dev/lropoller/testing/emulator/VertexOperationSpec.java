package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What makes an operation a Vertex one: its method, the method-specific metadata fields beside
 * {@code genericMetadata} (e.g. ExportData's {@code gcsOutputDirectory}) and the
 * {@code partialFailures} its generic metadata lists.
 */
record VertexOperationSpec(VertexRpc rpc, ObjectNode metadataExtra, ArrayNode partialFailures) {}
