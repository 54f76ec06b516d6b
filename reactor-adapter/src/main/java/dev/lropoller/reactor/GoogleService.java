package dev.lropoller.reactor;

import dev.lropoller.BudgetKey;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Google service whose endpoint follows the location in each name, for
 * {@link GoogleOperationPoller.Builder#service(GoogleService)}: the poller sends a request about
 * {@code projects/p/locations/{l}/...} to the endpoint of {@code {l}}, so one poller serves every
 * region. Each service also says what its quota is counted per ({@link #budgetKey()}).
 */
public enum GoogleService {
  /**
   * Cloud AutoML v1: location {@code us-central1} at {@code https://automl.googleapis.com},
   * {@code eu} at {@code https://eu-automl.googleapis.com}; no other location is served. Budgets
   * per project ({@link BudgetKey#PROJECT}).
   */
  AUTOML(BudgetKey.PROJECT) {
    @Override
    public Optional<URI> endpoint(String location) {
      return switch (Objects.requireNonNull(location, "location")) {
        case "us-central1" -> Optional.of(URI.create("https://automl.googleapis.com"));
        case "eu" -> Optional.of(URI.create("https://eu-automl.googleapis.com"));
        default -> Optional.empty();
      };
    }

    @Override
    String servedLocations() {
      return "us-central1 and eu only";
    }
  },

  /**
   * Vertex AI v1: a region {@code {l}} at {@code https://{l}-aiplatform.googleapis.com},
   * {@code global} at {@code https://aiplatform.googleapis.com}, and the multi-region {@code us}
   * at {@code https://aiplatform.us.rep.googleapis.com} (as Google's Python SDK sends it). A
   * location that cannot be a host name label (lower-case letters, digits and inner {@code -},
   * starting with a letter) is not served. Budgets per project and location
   * ({@link BudgetKey#PROJECT_AND_LOCATION}), as Vertex AI counts its quota.
   */
  VERTEX_AI(BudgetKey.PROJECT_AND_LOCATION) {
    @Override
    public Optional<URI> endpoint(String location) {
      return switch (Objects.requireNonNull(location, "location")) {
        case "global" -> Optional.of(URI.create("https://aiplatform.googleapis.com"));
        case "us" -> Optional.of(URI.create("https://aiplatform.us.rep.googleapis.com"));
        default -> REGION.matcher(location).matches()
            ? Optional.of(URI.create("https://" + location + "-aiplatform.googleapis.com"))
            : Optional.empty();
      };
    }

    @Override
    String servedLocations() {
      return "regions such as us-central1, global and us";
    }
  };

  /** A region id that makes a valid host label with {@code -aiplatform} after it (63 at most). */
  private static final Pattern REGION = Pattern.compile("[a-z](?:[a-z0-9-]{0,50}[a-z0-9])?");

  private final BudgetKey budgetKey;

  GoogleService(BudgetKey budgetKey) {
    this.budgetKey = budgetKey;
  }

  /**
   * The endpoint that serves {@code location}, before any override.
   *
   * @param location a location segment, such as {@code us-central1}
   * @return the endpoint (scheme and host), or empty if this service serves no such location
   * @throws NullPointerException if {@code location} is {@code null}
   */
  public abstract Optional<URI> endpoint(String location);

  /**
   * What the service's request quota is counted per; the poller's budgets follow it.
   *
   * @return the key
   */
  public BudgetKey budgetKey() {
    return budgetKey;
  }

  /** For messages: which locations the service serves. */
  abstract String servedLocations();
}
