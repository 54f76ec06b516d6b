package dev.lropoller.bench.vertex;

/** What the Vertex load run watches: the mix's jobs, or operations of the same shape. */
enum LoadShape {
  /** Vertex jobs and pipelines, watched with {@code poller.jobs().watch(name)}. */
  JOBS("jobs"),
  /** Vertex operations of the same shape, watched with {@code poller.poll(name)}. */
  OPERATIONS("ops");

  private final String id;

  LoadShape(String id) {
    this.id = id;
  }

  /**
   * The id used on the command line and in the tables.
   *
   * @return {@code jobs} or {@code ops}
   */
  String id() {
    return id;
  }

  /**
   * The shape with this id.
   *
   * @param id {@code jobs} or {@code ops}
   * @return the shape
   * @throws IllegalArgumentException naming the id and the valid ones
   */
  static LoadShape of(String id) {
    for (LoadShape s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown shape \"" + id + "\" (jobs, ops)");
  }
}
