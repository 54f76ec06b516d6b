package dev.lropoller.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the replies of the shared-watch script's {@code checkAll}; pure functions. */
final class SharedWatchReplies {

  /**
   * What one check told one watch.
   *
   * @param check the lease part
   * @param snapshot the stored snapshot the reply carried, if newer than the watch's last
   */
  record Answer(WatchLease.Check check, Optional<FleetSnapshot> snapshot) {}

  private SharedWatchReplies() {}

  /**
   * Each name's answer in a {@code checkAll} reply. A malformed part for one name answers that
   * name {@link WatchLease.Unreachable}, as a failed check would, and leaves the others alone.
   *
   * @param reply the script's reply: one list per name, in the order asked
   * @param names how many names were asked
   * @return the answers, in the order asked
   * @throws IllegalStateException if the reply is not a list of {@code names} parts, quoting it
   */
  static List<Answer> answers(List<Object> reply, int names) {
    if (reply.size() != names) {
      throw new IllegalStateException("Expected " + names
          + " answers from the shared-watch script, got " + reply.size() + ": " + start(reply));
    }
    List<Answer> out = new ArrayList<>(names);
    for (Object part : reply) {
      try {
        out.add(answer(part));
      } catch (IllegalStateException e) {
        out.add(new Answer(new WatchLease.Unreachable(e), Optional.empty()));
      }
    }
    return out;
  }

  /**
   * One name's answer.
   *
   * @param part {@code {role, leaseLeft}} or {@code {role, leaseLeft, seq, publisher, json}}, where
   *     {@code leaseLeft} is the lease's time to live in ms ({@code PTTL}: negative for none)
   * @return its lease part and snapshot
   * @throws IllegalStateException for any other part, quoting it
   */
  static Answer answer(Object part) {
    if (!(part instanceof List<?> list)) {
      throw new IllegalStateException("Unexpected reply of the shared-watch script: " + part);
    }
    return new Answer(check(list), snapshot(list));
  }

  private static WatchLease.Check check(List<?> reply) {
    Object role = reply.isEmpty() ? null : reply.get(0);
    if ("owner".equals(role) && reply.size() >= 2) {
      return new WatchLease.Owned();
    }
    if ("follower".equals(role) && reply.size() >= 2 && reply.get(1) instanceof Long left) {
      return new WatchLease.HeldElsewhere(left);
    }
    throw new IllegalStateException("Unexpected reply of the shared-watch script: " + role);
  }

  private static Optional<FleetSnapshot> snapshot(List<?> reply) {
    if (reply.size() == 2) {
      return Optional.empty();
    }
    if (reply.size() == 5 && reply.get(2) instanceof String seq
        && reply.get(3) instanceof String by && reply.get(4) instanceof String json) {
      try {
        return Optional.of(new FleetSnapshot(Long.parseLong(seq), by, json));
      } catch (NumberFormatException e) {
        throw new IllegalStateException("Unexpected sequence number in a check reply: " + seq, e);
      }
    }
    throw new IllegalStateException("Unexpected reply of the shared-watch script: " + reply);
  }

  private static String start(List<Object> reply) {
    String text = reply.toString();
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
