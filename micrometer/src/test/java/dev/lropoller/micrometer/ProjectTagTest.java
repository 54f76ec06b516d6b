package dev.lropoller.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProjectTagTest {
  @Test
  void theProjectSegmentAsSpelled() {
    assertThat(ProjectTag.of("projects/my-proj/locations/us-central1/operations/ICN1")).isEqualTo("my-proj");
    assertThat(ProjectTag.of("projects/1234567/locations/eu/operations/ICN1")).isEqualTo("1234567");
    assertThat(ProjectTag.of("projects/example.com:proj/locations/l/operations/1")).isEqualTo("example.com:proj");
    assertThat(ProjectTag.of("projects/p")).isEqualTo("p");
  }

  @Test
  void otherNamesAreUnknown() {
    assertThat(ProjectTag.of("operations/ICN1")).isEqualTo("unknown");
    assertThat(ProjectTag.of("projects//locations/l/operations/1")).isEqualTo("unknown");
    assertThat(ProjectTag.of(null)).isEqualTo("unknown");
  }
}
