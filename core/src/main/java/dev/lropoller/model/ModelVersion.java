package dev.lropoller.model;

/**
 * The Model a Vertex AI TrainingPipeline uploaded ({@code modelToUpload}).
 *
 * @param name the model's resource name, such as
 *     {@code projects/p/locations/us-central1/models/flowers}
 * @param versionId its version, a decimal string such as {@code "1"}; {@code ""} when not sent
 * @param displayName the model's display name, else the pipeline's; {@code ""} when neither
 */
public record ModelVersion(String name, String versionId, String displayName) {}
