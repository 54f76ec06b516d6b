package dev.lropoller.spring;

import java.util.Map;

/**
 * A part of the fleet that shows itself in the poller's health details. The health indicators
 * see this interface only, so they load without {@code lro-poller-redis} on the classpath.
 */
interface FleetDetails {

  /**
   * The detail's entries, in a stable order; never a host name, a credential or an error text.
   *
   * @return the entries
   */
  Map<String, Object> details();
}
