package dev.lropoller.spring;

import dev.lropoller.reactor.GoogleService;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Routing by location, under {@code lropoller.routing.*}: with a service set, each request goes
 * to the endpoint of the location in its name ({@code projects/p/locations/{l}/...}), so one
 * poller serves every region, and budgets count per project and location for Vertex AI.
 */
public class RoutingProperties {
  /**
   * The service whose endpoints serve each location: automl or vertex-ai. Unset: every request
   * goes to lropoller.endpoint, which must then not be set as well.
   */
  private GoogleService service;

  /**
   * The endpoint of a location, instead of the service's: a Private Service Connect address, a
   * proxy or an emulator's port, keyed by location (such as us-central1). Needs
   * lropoller.routing.service.
   */
  private Map<String, URI> locationEndpoints = new LinkedHashMap<>();

  /**
   * The service that routes by location.
   *
   * @return the service, or {@code null} when every request goes to one endpoint
   */
  public GoogleService getService() {
    return service;
  }

  /**
   * Sets the service that routes by location.
   *
   * @param service the service, or {@code null} for one endpoint
   */
  public void setService(GoogleService service) {
    this.service = service;
  }

  /**
   * The endpoints that override the service's, by location.
   *
   * @return the overrides, in the order they were bound
   */
  public Map<String, URI> getLocationEndpoints() {
    return locationEndpoints;
  }

  /**
   * Sets the endpoints that override the service's, by location.
   *
   * @param locationEndpoints the overrides
   */
  public void setLocationEndpoints(Map<String, URI> locationEndpoints) {
    this.locationEndpoints = locationEndpoints;
  }
}
