package dev.lropoller.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceNamesTest {

  @Test
  void projectIsTheSegmentAfterALeadingProjects() {
    assertThat(ResourceNames.project("projects/my-proj/locations/us-central1/operations/1"))
        .isEqualTo("my-proj");
    assertThat(ResourceNames.project("projects/123")).isEqualTo("123");
    assertThat(ResourceNames.project("projects/example.com:proj/locations/l")).isEqualTo("example.com:proj");
  }

  @Test
  void aNameWithoutAProjectHasNone() {
    assertThat(ResourceNames.project(null)).isNull();
    assertThat(ResourceNames.project("projects/")).isNull();
    assertThat(ResourceNames.project("projects//locations/l")).isNull();
    assertThat(ResourceNames.project("operations/1")).isNull();
    assertThat(ResourceNames.project("xprojects/p")).isNull();
  }

  @Test
  void locationIsTheSegmentAfterTheProjectsLocations() {
    assertThat(ResourceNames.location("projects/p/locations/europe-west4/trainingPipelines/7"))
        .isEqualTo("europe-west4");
    assertThat(ResourceNames.location("projects/p/locations/global")).isEqualTo("global");
    assertThat(ResourceNames.location("projects/p/locations/eu/operations/ICN1")).isEqualTo("eu");
  }

  @Test
  void aNameWithoutALocationRightAfterItsProjectHasNone() {
    assertThat(ResourceNames.location(null)).isNull();
    assertThat(ResourceNames.location("projects/p")).isNull();
    assertThat(ResourceNames.location("projects/p/operations/1")).isNull();
    assertThat(ResourceNames.location("projects/p/locations/")).isNull();
    assertThat(ResourceNames.location("projects/p/x/locations/l")).isNull();
    assertThat(ResourceNames.location("locations/l/operations/1")).isNull();
  }
}
