package dev.lropoller;

/**
 * What a poller's per-minute budget and its 429 cool-downs are counted per, as the service counts
 * its quota. Set with {@link PollerBuilder#budgetKey(BudgetKey)}; default {@link #PROJECT}.
 *
 * <p>The key is read from each request's name, as the name spells it (a project number and a
 * project id count as two projects): {@code projects/{p}} and, for {@link #PROJECT_AND_LOCATION},
 * the {@code locations/{l}} right after it. A name without a project (such as
 * {@code operations/x}) shares the budget of the empty key; under {@link #PROJECT_AND_LOCATION} a
 * name with a project but no location counts under its project alone.
 */
public enum BudgetKey {
  /**
   * Per project: Cloud AutoML's quota (600 requests per minute per project,
   * {@link OperationPoller#AUTOML_REQUESTS_PER_MINUTE}). Listener events name the project, such
   * as {@code my-project}.
   */
  PROJECT,

  /**
   * Per project and location: Vertex AI's quota (600 resource-management requests per minute per
   * project per region, {@link OperationPoller#VERTEX_REQUESTS_PER_MINUTE}). Each location of a
   * project has its own budget, queue and cool-down: a 429 in {@code us-central1} does not pause
   * {@code europe-west4}. Listener events name the key as {@code project/location}, such as
   * {@code my-project/us-central1}.
   */
  PROJECT_AND_LOCATION
}
