package dev.lropoller.internal.engine;

/** Whether an answer is about the operation that was asked for. */
final class AnswerCheck {
  private AnswerCheck() {}

  /**
   * Whether two names end in the same last segment (after the last {@code /}, or the whole name
   * without one); compared in place from the end, in one pass, with no substring per answer.
   */
  static boolean sameLastSegment(String a, String b) {
    for (int i = a.length() - 1, j = b.length() - 1; ; i--, j--) {
      boolean endA = i < 0 || a.charAt(i) == '/';
      boolean endB = j < 0 || b.charAt(j) == '/';
      if (endA || endB) {
        return endA && endB;
      }
      if (a.charAt(i) != b.charAt(j)) {
        return false;
      }
    }
  }
}
