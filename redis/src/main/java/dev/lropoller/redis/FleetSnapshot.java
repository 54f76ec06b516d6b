package dev.lropoller.redis;

import java.util.Objects;

/**
 * One snapshot as the fleet shares it: its sequence number, the lease token of the watch that
 * published it, and the operation's JSON as the API sent it ({@code Operation.rawJson()}).
 *
 * @param seq the sequence number, growing per name
 * @param publisher the lease token of the publishing watch
 * @param json the operation's JSON
 */
record FleetSnapshot(long seq, String publisher, String json) {

  FleetSnapshot {
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(json, "json");
  }

  /**
   * The snapshot in a pub/sub message: {@code seq + "\n" + publisher + "\n" + json}, as the
   * publishing script writes it.
   *
   * @param message the message
   * @return the snapshot
   * @throws IllegalArgumentException if the message has another form, quoting its start
   */
  static FleetSnapshot parse(String message) {
    int first = message.indexOf('\n');
    int second = first < 0 ? -1 : message.indexOf('\n', first + 1);
    if (second < 0) {
      throw new IllegalArgumentException("not a shared-watch message: '" + start(message) + "'");
    }
    try {
      long seq = Long.parseLong(message.substring(0, first));
      return new FleetSnapshot(seq, message.substring(first + 1, second),
          message.substring(second + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a shared-watch message: '" + start(message) + "'", e);
    }
  }

  private static String start(String message) {
    return message.length() <= 40 ? message : message.substring(0, 40) + "…";
  }
}
