package dev.lropoller.internal.engine;

import java.util.Arrays;

/**
 * The subscribers of one shared loop: one member, which is its own value (the usual case, so a
 * waiting watch needs no array), or {@link Several} for two or more. Immutable: every change
 * returns a new value, which the loop publishes under its lock.
 */
sealed interface Members permits Watch.Member, Members.Several {
  /** These members with {@code m} added at the end. */
  Members with(Watch.Member m);

  /** These members without {@code m} (by identity); {@code null} when none is left. */
  Members without(Watch.Member m);

  /** Whether {@code m} is one of these members (by identity). */
  boolean contains(Watch.Member m);

  /** Whether any member can take a snapshot now: it has demand and nothing pending. */
  boolean anyWants();

  /** The members, in the order they joined; a fresh array the caller may keep. */
  Watch.Member[] toArray();

  /** Two or more members, in the order they joined. */
  final class Several implements Members {
    private final Watch.Member[] all;

    Several(Watch.Member... all) {
      this.all = all;
    }

    @Override
    public Members with(Watch.Member m) {
      Watch.Member[] now = Arrays.copyOf(all, all.length + 1);
      now[all.length] = m;
      return new Several(now);
    }

    @Override
    public Members without(Watch.Member m) {
      int i = indexOf(m);
      if (i < 0) {
        return this;
      }
      if (all.length == 2) {
        return all[1 - i];
      }
      Watch.Member[] now = new Watch.Member[all.length - 1];
      System.arraycopy(all, 0, now, 0, i);
      System.arraycopy(all, i + 1, now, i, all.length - i - 1);
      return new Several(now);
    }

    @Override
    public boolean contains(Watch.Member m) {
      return indexOf(m) >= 0;
    }

    @Override
    public boolean anyWants() {
      for (Watch.Member m : all) {
        if (m.anyWants()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Watch.Member[] toArray() {
      return all.clone();
    }

    private int indexOf(Watch.Member m) {
      for (int i = 0; i < all.length; i++) {
        if (all[i] == m) {
          return i;
        }
      }
      return -1;
    }
  }
}
