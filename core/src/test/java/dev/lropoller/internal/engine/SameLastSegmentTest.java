package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The answer's id check compares last segments in place: same result as comparing substrings. */
class SameLastSegmentTest {
  @Test
  void matchesExactlyWhenTheLastSegmentsAreEqual() {
    String byId = "projects/my-project/locations/us-central1/operations/123";
    String byNumber = "projects/4711/locations/us-central1/operations/123";
    assertThat(AnswerCheck.sameLastSegment(byNumber, byId)).isTrue();
    assertThat(AnswerCheck.sameLastSegment("123", byId)).isTrue();
    assertThat(AnswerCheck.sameLastSegment(byId, "123")).isTrue();

    assertThat(AnswerCheck.sameLastSegment(byId, "projects/p/operations/1234")).isFalse();
    assertThat(AnswerCheck.sameLastSegment(byId, "projects/p/operations/0123")).isFalse();
    assertThat(AnswerCheck.sameLastSegment(byId, "projects/p/operations/23")).isFalse();
    assertThat(AnswerCheck.sameLastSegment(byId, "projects/p/operations/124")).isFalse();
    assertThat(AnswerCheck.sameLastSegment(byId, "projects/p/operations/")).isFalse();
    assertThat(AnswerCheck.sameLastSegment("", "")).isTrue();
    assertThat(AnswerCheck.sameLastSegment("a/", "b/")).isTrue();
  }
}
