package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The answer's id check compares last segments in place: same result as comparing substrings. */
class SameLastSegmentTest {
  @Test
  void matchesExactlyWhenTheLastSegmentsAreEqual() {
    String byId = "projects/my-project/locations/us-central1/operations/123";
    String byNumber = "projects/4711/locations/us-central1/operations/123";
    assertThat(ResourceNames.sameLastSegment(byNumber, byId)).isTrue();
    assertThat(ResourceNames.sameLastSegment("123", byId)).isTrue();
    assertThat(ResourceNames.sameLastSegment(byId, "123")).isTrue();

    assertThat(ResourceNames.sameLastSegment(byId, "projects/p/operations/1234")).isFalse();
    assertThat(ResourceNames.sameLastSegment(byId, "projects/p/operations/0123")).isFalse();
    assertThat(ResourceNames.sameLastSegment(byId, "projects/p/operations/23")).isFalse();
    assertThat(ResourceNames.sameLastSegment(byId, "projects/p/operations/124")).isFalse();
    assertThat(ResourceNames.sameLastSegment(byId, "projects/p/operations/")).isFalse();
    assertThat(ResourceNames.sameLastSegment("", "")).isTrue();
    assertThat(ResourceNames.sameLastSegment("a/", "b/")).isTrue();
  }
}
