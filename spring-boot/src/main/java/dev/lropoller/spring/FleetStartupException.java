package dev.lropoller.spring;

/**
 * Startup stopped because {@code lropoller.fleet.enabled=true} cannot work: a piece it needs is
 * missing ({@code lro-poller-redis}, Spring Data Redis, a Lettuce connection factory bean, a
 * limit to share). A Redis that cannot be reached is not one: the poller then starts degraded. {@link FleetFailureAnalyzer} prints it as Spring
 * Boot's "APPLICATION FAILED TO START" report; the message is the description and the action, for
 * where no analyzer runs. Never carries a password or a Redis URI.
 */
final class FleetStartupException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String description;
  private final String action;

  FleetStartupException(String description, String action, Throwable cause) {
    super(description + " " + action, cause);
    this.description = description;
    this.action = action;
  }

  /** What is missing, for the report's "Description". */
  String description() {
    return description;
  }

  /** What to add or set, for the report's "Action". */
  String action() {
    return action;
  }
}
