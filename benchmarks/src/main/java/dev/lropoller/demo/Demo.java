package dev.lropoller.demo;

/** Placeholder entry point until the demo lands; prints where it will live. */
public final class Demo {
  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args command-line flags
   */
  public static void main(String[] args) {
    System.out.println("lro-poller demo");
  }
}
