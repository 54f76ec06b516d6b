package dev.lropoller.reactor;

import dev.lropoller.model.ResourceNames;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The route of each name when a poller serves a {@link GoogleService}: the endpoint of the name's
 * {@code locations/{l}} (an override first, else the service's), and one client per endpoint,
 * made on first use and kept. Thread-safe; making a client does no I/O (the TLS settings are
 * built once, with the poller).
 */
final class LocationRoutes implements Function<String, ReactorNettyOperationsTransport.Route> {
  /** Locations remembered; names with more distinct locations are routed without caching. */
  static final int MAX_CACHED_LOCATIONS = 256;

  private final GoogleService service;
  private final Map<String, URI> overrides;
  private final Function<URI, ReactorNettyOperationsTransport.Route> routeTo;
  private final ConcurrentHashMap<String, ReactorNettyOperationsTransport.Route> byLocation =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<URI, ReactorNettyOperationsTransport.Route> byEndpoint =
      new ConcurrentHashMap<>();

  /**
   * @param service the service whose endpoints serve the locations
   * @param overrides endpoints by location, used instead of the service's
   * @param routeTo makes the route (a configured client) to one endpoint
   */
  LocationRoutes(GoogleService service, Map<String, URI> overrides,
      Function<URI, ReactorNettyOperationsTransport.Route> routeTo) {
    this.service = Objects.requireNonNull(service, "service");
    this.overrides = Map.copyOf(overrides);
    this.routeTo = Objects.requireNonNull(routeTo, "routeTo");
  }

  /**
   * The route of a name.
   *
   * @param name an operation name or list parent
   * @return the route to its location's endpoint
   * @throws IllegalArgumentException if the name has no {@code locations/{l}} after its project,
   *     or the service serves no such location and no override was given; the message names the
   *     location and quotes the name
   */
  @Override
  public ReactorNettyOperationsTransport.Route apply(String name) {
    String location = ResourceNames.location(name);
    if (location == null) {
      throw new IllegalArgumentException("cannot route " + quote(name) + " to a "
          + service + " endpoint: it has no projects/{p}/locations/{l} to route by");
    }
    ReactorNettyOperationsTransport.Route known = byLocation.get(location);
    if (known != null) {
      return known;
    }
    URI endpoint = overrides.get(location);
    if (endpoint == null) {
      endpoint = service.endpoint(location).orElseThrow(() -> new IllegalArgumentException(
          "no endpoint for location \"" + location + "\" of " + quote(name) + ": "
              + service + " serves " + service.servedLocations()
              + "; give one with locationEndpoint(\"" + location + "\", uri)"));
    }
    ReactorNettyOperationsTransport.Route route = byEndpoint.computeIfAbsent(endpoint, routeTo);
    if (byLocation.size() < MAX_CACHED_LOCATIONS) {
      byLocation.putIfAbsent(location, route);
    }
    return route;
  }

  /** Names reach here validated (printable ASCII, bounded), so plain quotes suffice. */
  private static String quote(String name) {
    return "\"" + name + "\"";
  }

  /** How many endpoints have a client now; for tests. */
  int endpointCount() {
    return byEndpoint.size();
  }

  /** Such as {@code VERTEX_AI (overrides: {europe-west4=https://psc.example})}. */
  @Override
  public String toString() {
    return service + (overrides.isEmpty() ? "" : " (overrides: " + new TreeMap<>(overrides) + ")");
  }
}
