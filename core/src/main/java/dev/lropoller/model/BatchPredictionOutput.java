package dev.lropoller.model;

/**
 * Where a Vertex AI BatchPredictionJob wrote its predictions, and how many it made
 * ({@code outputInfo}, {@code completionStats}).
 *
 * @param location the output: {@code gcsOutputDirectory}, {@code bigqueryOutputDataset} (such as
 *     {@code bq://proj.ds}) or {@code vertexMultimodalDatasetName}, whichever was sent; {@code ""}
 *     when none
 * @param bigqueryOutputTable the BigQuery table name, {@code ""} when not sent
 * @param successfulCount predictions made
 * @param failedCount predictions that failed
 * @param incompleteCount predictions not known to have ended; -1 when the service does not know
 */
public record BatchPredictionOutput(String location, String bigqueryOutputTable,
    long successfulCount, long failedCount, long incompleteCount) {}
