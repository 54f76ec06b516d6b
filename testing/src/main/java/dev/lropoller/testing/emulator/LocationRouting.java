package dev.lropoller.testing.emulator;

import java.util.Locale;

/**
 * Which location a request's endpoint serves, and whether the request's resource name fits it,
 * as Vertex AI's regional hosts do ({@code {l}-aiplatform.googleapis.com} serves location
 * {@code l}, {@code aiplatform.googleapis.com} serves {@code global}).
 *
 * <p>The endpoint's location is the location of the emulator listener the request reached (see
 * {@link AutoMlEmulator.Builder#location(String)}), else the one its {@code Host} /
 * {@code :authority} names when that is a Vertex host name (for clients that resolve Google's host
 * names to the emulator), else none: the main port serves every location.
 */
final class LocationRouting {
  private static final String REGIONAL_SUFFIX = "-aiplatform.googleapis.com";
  private static final String GLOBAL_HOST = "aiplatform.googleapis.com";

  private LocationRouting() {}

  /** The location the endpoint serves, or null when it serves all. */
  static String endpointLocation(String listenerLocation, String authority) {
    if (listenerLocation != null) {
      return listenerLocation;
    }
    String host = authority == null ? "" : authority.toLowerCase(Locale.ROOT);
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(']') < colon) {
      host = host.substring(0, colon);
    }
    if (host.endsWith(REGIONAL_SUFFIX) && host.length() > REGIONAL_SUFFIX.length()) {
      return host.substring(0, host.length() - REGIONAL_SUFFIX.length());
    }
    return host.equals(GLOBAL_HOST) ? "global" : null;
  }

  /** The {@code locations/{l}} segment of a decoded {@code /v1/projects/{p}/locations/{l}/...} path, or null. */
  static String pathLocation(String path) {
    String project = ProjectQuotas.projectOf(path);
    if (project == null) {
      return null;
    }
    String rest = path.substring(("/v1/projects/" + project).length());
    if (!rest.startsWith("/locations/")) {
      return null;
    }
    rest = rest.substring("/locations/".length());
    int end = rest.indexOf('/');
    String l = end < 0 ? rest : rest.substring(0, end);
    int colon = l.indexOf(':');
    return colon < 0 ? l : l.substring(0, colon);
  }

  /** The 400 to answer when the path names another location than the endpoint serves, else null. */
  static Reply mismatch(String endpointLocation, String path) {
    String l = pathLocation(path);
    if (endpointLocation == null || l == null || l.equals(endpointLocation)) {
      return null;
    }
    return ErrorReplies.invalidArgument("Location \"" + l + "\" of the request does not match the location \""
        + endpointLocation + "\" this endpoint serves.");
  }
}
