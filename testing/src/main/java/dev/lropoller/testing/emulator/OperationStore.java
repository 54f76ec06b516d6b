package dev.lropoller.testing.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** All operations in memory, by name and, per parent, in creation order. */
final class OperationStore {
  private final Map<String, OperationState> byName = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<Long, OperationState>> byParent = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();
  private final IdGenerator ids = new IdGenerator();
  private final VertexIds vertexIds = new VertexIds();

  /**
   * Starts an operation.
   *
   * @param request the RPC's request body, or null when started programmatically
   */
  OperationState create(OperationScript script, Instant now, JsonNode request) {
    String opId = ids.next();
    String parent = script.parent();
    String name = parent + "/operations/" + opId;
    ObjectNode details = script.detailsOrNull();
    if (details == null) {
      details = ResourceFactory.details(script.kind(), request, opId);
    }
    ObjectNode success =
        ResourceFactory.success(
            script.kind(), parent, ids.next(), script.displayNameOrNull(), script.datasetIdOrNull(), request, now);
    OperationState s = new OperationState(name, parent, seq.incrementAndGet(), script, now, details, success);
    byParent.computeIfAbsent(parent, p -> new ConcurrentSkipListMap<>()).put(s.seq, s);
    byName.put(name, s);
    return s;
  }

  /**
   * Starts a Vertex operation named {@code {owner}/operations/{numeric id}}.
   *
   * @param progress how it progresses and whether it fails (its kind and parent are not used)
   * @param response the success response (an Any with {@code @type})
   */
  OperationState createVertex(
      String owner, OperationScript progress, VertexOperationSpec spec, JsonNode response, Instant now) {
    String name = owner + "/operations/" + vertexIds.next();
    OperationState s = new OperationState(
        name, owner, seq.incrementAndGet(), progress, now, EmulatorJson.object(), response, spec);
    byParent.computeIfAbsent(owner, p -> new ConcurrentSkipListMap<>()).put(s.seq, s);
    byName.put(name, s);
    return s;
  }

  /** A fresh Vertex-style numeric id (for created models, datasets, endpoints). */
  String nextVertexId() {
    return vertexIds.next();
  }

  OperationState get(String name) {
    return byName.get(name);
  }

  OperationState remove(String name) {
    OperationState s = byName.remove(name);
    if (s != null) {
      Map<Long, OperationState> m = byParent.get(s.parent);
      if (m != null) {
        m.remove(s.seq);
      }
    }
    return s;
  }

  int size() {
    return byName.size();
  }

  /** One page of the parent's operations after {@code afterSeq}, in creation order. */
  Page list(String parent, Boolean done, int pageSize, long afterSeq, Instant now) {
    ConcurrentSkipListMap<Long, OperationState> m = byParent.get(parent);
    List<OperationView> out = new ArrayList<>();
    if (m == null) {
      return new Page(out, -1);
    }
    long last = -1;
    for (OperationState s : m.tailMap(afterSeq, false).values()) {
      OperationView v = s.peek(now);
      if (done != null && v.done() != done) {
        continue;
      }
      if (out.size() == pageSize) {
        return new Page(out, last);
      }
      out.add(v);
      last = s.seq;
    }
    return new Page(out, -1);
  }

  /** A page and the sequence number to continue after, or -1 when it is the last page. */
  record Page(List<OperationView> operations, long continueAfter) {}
}
