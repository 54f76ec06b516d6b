package dev.lropoller.internal.engine;

import dev.lropoller.PollPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The running shared loops of one operation name, as the engine's registry holds them: one loop,
 * which is its own entry (the usual case, so a waiting watch needs no holder), or {@link Several}
 * when loops of one name with different policies run at once (rare). Immutable: every change
 * returns a new value, which the registry publishes with a {@code compute}.
 */
sealed interface Loops permits Watch.Shared, Loops.Several {
  /** The loop of a policy equal to {@code p}, or {@code null}. */
  Watch.Shared find(PollPolicy p);

  /** These loops with {@code fresh} in place of the one of an equal policy, or added. */
  Loops with(Watch.Shared fresh);

  /** These loops without {@code loop} (by identity); {@code null} when none is left. */
  Loops without(Watch.Shared loop);

  /** The loops, in the order they were added. */
  List<Watch.Shared> loops();

  /** Two or more loops of one name, each with its own policy. */
  record Several(List<Watch.Shared> loops) implements Loops {
    public Several {
      loops = List.copyOf(loops);
    }

    @Override
    public Watch.Shared find(PollPolicy p) {
      for (Watch.Shared loop : loops) {
        if (loop.policy().equals(p)) {
          return loop;
        }
      }
      return null;
    }

    @Override
    public Loops with(Watch.Shared fresh) {
      List<Watch.Shared> now = new ArrayList<>(loops);
      Watch.Shared old = find(fresh.policy());
      if (old == null) {
        now.add(fresh);
      } else {
        now.set(now.indexOf(old), fresh);
      }
      return new Several(now);
    }

    @Override
    public Loops without(Watch.Shared loop) {
      List<Watch.Shared> now = new ArrayList<>(loops);
      if (!now.remove(loop)) {
        return this;
      }
      return now.size() == 1 ? now.get(0) : new Several(now);
    }
  }
}
