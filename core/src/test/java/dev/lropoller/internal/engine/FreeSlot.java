package dev.lropoller.internal.engine;

/** Asks an engine's admission whether an in-flight slot is free now, without keeping it. */
final class FreeSlot {
  /** A name in a project of its own, so that no lane's turn or budget stands in its way. */
  private static final String PROBE = "projects/probe/locations/l/operations/probe";

  private FreeSlot() {}

  /** True if a request could take a slot at once; the slot is given straight back. */
  static boolean in(PollingEngine engine) {
    Admission.Ticket probe = new Admission.Ticket() {
      @Override
      void admitted() {}
    };
    if (engine.admission().acquire(PROBE, probe)) {
      engine.admission().release(probe);
      return true;
    }
    engine.admission().withdraw(probe);
    return false;
  }
}
