package dev.lropoller.model;

/**
 * What a Vertex AI TuningJob produced ({@code tunedModel}).
 *
 * @param model the tuned model's resource name, ending in {@code @{versionId}}
 * @param endpoint the endpoint it is deployed to; {@code ""} when not sent
 */
public record TunedModel(String model, String endpoint) {}
