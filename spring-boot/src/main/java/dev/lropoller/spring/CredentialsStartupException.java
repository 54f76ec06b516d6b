package dev.lropoller.spring;

/**
 * Startup stopped because {@code lropoller.credentials.fail-fast=true} found no credentials, or
 * credentials that gave no access token. {@link CredentialsFailureAnalyzer} prints it as Spring
 * Boot's "APPLICATION FAILED TO START" report; the message is the description and the action,
 * for where no analyzer runs. Carries no token or key.
 */
final class CredentialsStartupException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String description;
  private final String action;

  CredentialsStartupException(String description, String action, Throwable cause) {
    super(description + " " + action, cause);
    this.description = description;
    this.action = action;
  }

  /** What went wrong, for the report's "Description". */
  String description() {
    return description;
  }

  /** What to set, for the report's "Action". */
  String action() {
    return action;
  }
}
