package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The budget lane of a name, per project or per project and location, and its limit. */
class LaneKeyTest {
  @Test
  void byProjectTheLocationIsIgnored() {
    assertThat(LaneKey.of("projects/p/locations/us-central1/operations/1", false)).isEqualTo("p");
    assertThat(LaneKey.of("projects/p/locations/eu/operations/1", false)).isEqualTo("p");
  }

  @Test
  void byLocationEachLocationOfAProjectIsItsOwnLane() {
    assertThat(LaneKey.of("projects/p/locations/us-central1/operations/1", true))
        .isEqualTo("p/us-central1");
    assertThat(LaneKey.of(
        "projects/123/locations/europe-west4/endpoints/4/operations/5", true))
        .isEqualTo("123/europe-west4");
    assertThat(LaneKey.of("projects/p/locations/global/operations/x", true)).isEqualTo("p/global");
  }

  @Test
  void namesWithoutAProjectOrALocationFallBack() {
    assertThat(LaneKey.of("operations/abc", true)).isEmpty();
    assertThat(LaneKey.of("operations/abc", false)).isEmpty();
    assertThat(LaneKey.of("projects/p/operations/abc", true)).isEqualTo("p");
  }

  @Test
  void theLimitIsTheLanesOwnElseItsProjectsElseTheDefault() {
    Map<String, Integer> limits = Map.of("p", 20, "p/europe-west4", 40, "q/us-central1", 5);
    assertThat(LaneKey.limit("p/europe-west4", limits, 10)).isEqualTo(40);
    assertThat(LaneKey.limit("p/us-central1", limits, 10)).isEqualTo(20);
    assertThat(LaneKey.limit("q/europe-west4", limits, 10)).isEqualTo(10);
    assertThat(LaneKey.limit("q/us-central1", limits, 10)).isEqualTo(5);
    assertThat(LaneKey.limit("p", limits, 10)).isEqualTo(20);
    assertThat(LaneKey.limit("r", limits, 10)).isEqualTo(10);
  }
}
