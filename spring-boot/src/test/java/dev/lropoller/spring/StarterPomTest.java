package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What an application without Spring Boot's BOM gets from the starter, as the README states it:
 * no Spring jar at all (Spring Boot and Spring Web come from the application's own Boot version,
 * so a Boot 3.5 application gets no Boot 4 jar), and at run time only the reactor adapter.
 */
class StarterPomTest {
  private record Dependency(String groupId, String artifactId, String scope, boolean optional) {
    boolean reachesUsers() {
      return !optional && (scope.equals("compile") || scope.equals("runtime"));
    }
  }

  @Test
  void noSpringJarReachesAnApplicationFromTheStarter() throws Exception {
    List<Dependency> reaching = new ArrayList<>();
    for (Dependency d : dependencies(Path.of("pom.xml"))) {
      if (d.reachesUsers()) {
        reaching.add(d);
      }
    }
    assertThat(reaching)
        .extracting(d -> d.groupId() + ":" + d.artifactId())
        .containsExactly("dev.lropoller:lro-poller-reactor-adapter");
  }

  @Test
  void springBootAndSpringWebAreProvided() throws Exception {
    assertThat(dependencies(Path.of("pom.xml")))
        .filteredOn(d -> d.artifactId().equals("spring-boot-autoconfigure")
            || d.artifactId().equals("spring-web"))
        .extracting(Dependency::scope)
        .containsExactly("provided", "provided");
  }

  /** The {@code <dependencies>} of the project (not of its dependency management). */
  private static List<Dependency> dependencies(Path pom) throws Exception {
    Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(pom.toFile()).getDocumentElement();
    List<Dependency> out = new ArrayList<>();
    for (Element deps : children(project, "dependencies")) {
      for (Element d : children(deps, "dependency")) {
        String scope = text(d, "scope");
        out.add(new Dependency(text(d, "groupId"), text(d, "artifactId"),
            scope.isEmpty() ? "compile" : scope, text(d, "optional").equals("true")));
      }
    }
    assertThat(out).as("dependencies of %s", pom).isNotEmpty();
    return out;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
  }
}
