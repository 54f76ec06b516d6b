package dev.lropoller.testing.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** All Vertex jobs in memory, by name. */
final class VertexJobs {
  private final Map<String, JobRun> byName = new ConcurrentHashMap<>();

  void put(JobRun run) {
    byName.put(run.name, run);
  }

  JobRun get(String name) {
    return byName.get(name);
  }

  JobRun remove(String name) {
    return byName.remove(name);
  }

  int size() {
    return byName.size();
  }
}
