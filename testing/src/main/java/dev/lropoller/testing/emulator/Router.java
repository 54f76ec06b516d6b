package dev.lropoller.testing.emulator;

/** Maps a method and a decoded {@code /v1/...} path to a {@link Route}. Pure, no I/O. */
final class Router {
  private Router() {}

  /** What a request asks for. */
  enum Type {
    GET_OP, LIST, CANCEL, DELETE_OP, WAIT, RPC, UNIMPLEMENTED, NOT_FOUND,
    /** Vertex: {@code POST {parent}/{collection}}, {@code GET}, {@code :cancel}, {@code DELETE} of a job. */
    JOB_CREATE, JOB_GET, JOB_CANCEL, JOB_DELETE,
    /** Vertex: an operation-starting method of {@link VertexRpc}. */
    VERTEX_RPC
  }

  /**
   * A matched route.
   *
   * @param target the operation name (GET_OP, CANCEL, DELETE_OP, WAIT), the parent (LIST, RPC,
   *     JOB_CREATE), the job name (JOB_GET, JOB_CANCEL, JOB_DELETE), the resource (VERTEX_RPC)
   * @param kind the RPC kind (RPC only)
   * @param job the job kind (JOB_* only)
   * @param vertexRpc the method (VERTEX_RPC only)
   */
  record Route(Type type, String target, AutoMlRpc kind, VertexJobKind job, VertexRpc vertexRpc) {
    Route(Type type, String target, AutoMlRpc kind) {
      this(type, target, kind, null, null);
    }

    /** Operation and job polls: the routes faults apply to by default. */
    boolean isPoll() {
      return type == Type.GET_OP || type == Type.JOB_GET;
    }

    boolean isVertex() {
      return job != null || vertexRpc != null;
    }
  }

  static Route route(String method, String path) {
    if (!path.startsWith("/v1/")) {
      return new Route(Type.NOT_FOUND, null, null);
    }
    String rest = path.substring(4);
    String verb = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      verb = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String[] seg = rest.split("/", -1);
    for (String s : seg) {
      if (s.isEmpty()) {
        return new Route(Type.NOT_FOUND, null, null);
      }
    }
    if (isOperationName(rest)) {
      return operationRoute(method, verb, rest);
    }
    if (seg.length % 2 == 1 && seg[seg.length - 1].equals("operations") && seg.length >= 3) {
      if (verb == null && method.equals("GET")) {
        return new Route(Type.LIST, rest.substring(0, rest.length() - "/operations".length()), null);
      }
      return unimplemented();
    }
    if (seg.length >= 5 && seg[0].equals("projects") && seg[2].equals("locations")) {
      Route vertex = vertexRoute(method, verb, seg, rest);
      return vertex != null ? vertex : rpcRoute(method, verb, seg);
    }
    return new Route(Type.NOT_FOUND, null, null);
  }

  /** True for opaque names whose last two segments are {@code operations/{id}}. */
  static boolean isOperationName(String name) {
    String[] seg = name.split("/", -1);
    return seg.length >= 2 && seg.length % 2 == 0 && seg[seg.length - 2].equals("operations")
        && !seg[seg.length - 1].isEmpty() && !name.contains(":");
  }

  private static Route operationRoute(String method, String verb, String name) {
    if (verb == null) {
      return switch (method) {
        case "GET" -> new Route(Type.GET_OP, name, null);
        case "DELETE" -> new Route(Type.DELETE_OP, name, null);
        default -> unimplemented();
      };
    }
    if (method.equals("POST") && verb.equals("cancel")) {
      return new Route(Type.CANCEL, name, null);
    }
    if (method.equals("POST") && verb.equals("wait")) {
      return new Route(Type.WAIT, name, null);
    }
    return unimplemented();
  }

  /** The Vertex routes, or null to try AutoML's (POST {parent}/datasets is told apart by its body). */
  private static Route vertexRoute(String method, String verb, String[] seg, String rest) {
    String parent = String.join("/", seg[0], seg[1], seg[2], seg[3]);
    VertexJobKind job = VertexJobKind.ofCollection(seg[4]);
    if (job != null) {
      if (seg.length == 5) {
        return method.equals("POST") && verb == null
            ? new Route(Type.JOB_CREATE, parent, null, job, null) : unimplemented();
      }
      if (seg.length != 6) {
        return new Route(Type.NOT_FOUND, null, null);
      }
      if (verb == null && method.equals("GET")) {
        return new Route(Type.JOB_GET, rest, null, job, null);
      }
      if (verb == null && method.equals("DELETE") && job.deletable()) {
        return new Route(Type.JOB_DELETE, rest, null, job, null);
      }
      if ("cancel".equals(verb) && method.equals("POST")) {
        return new Route(Type.JOB_CANCEL, rest, null, job, null);
      }
      return unimplemented();
    }
    if (!method.equals("POST") || verb == null) {
      return null;
    }
    VertexRpc rpc = null;
    if (seg.length == 5 && seg[4].equals("models") && verb.equals("upload")) {
      rpc = VertexRpc.UPLOAD_MODEL;
    } else if (seg.length == 6 && seg[4].equals("endpoints") && verb.equals("deployModel")) {
      rpc = VertexRpc.DEPLOY_MODEL;
    } else if (seg.length == 6 && seg[4].equals("datasets") && verb.equals("import")) {
      rpc = VertexRpc.IMPORT_DATA;
    } else if (seg.length == 6 && seg[4].equals("datasets") && verb.equals("export")) {
      rpc = VertexRpc.EXPORT_DATA;
    }
    if (rpc == null) {
      return null;
    }
    return new Route(Type.VERTEX_RPC, rpc == VertexRpc.UPLOAD_MODEL ? parent : rest, null, null, rpc);
  }

  private static Route rpcRoute(String method, String verb, String[] seg) {
    String parent = String.join("/", seg[0], seg[1], seg[2], seg[3]);
    String collection = seg[4];
    if (!collection.equals("models") && !collection.equals("datasets")) {
      return new Route(Type.NOT_FOUND, null, null);
    }
    boolean models = collection.equals("models");
    if (seg.length == 5) {
      if (method.equals("POST") && verb == null) {
        return rpc(parent, models ? AutoMlRpc.CREATE_MODEL : AutoMlRpc.CREATE_DATASET);
      }
      return unimplemented();
    }
    if (seg.length != 6) {
      return new Route(Type.NOT_FOUND, null, null);
    }
    if (verb == null) {
      if (method.equals("DELETE")) {
        return rpc(parent, models ? AutoMlRpc.DELETE_MODEL : AutoMlRpc.DELETE_DATASET);
      }
      return unimplemented();
    }
    if (!method.equals("POST")) {
      return unimplemented();
    }
    AutoMlRpc kind = models ? modelVerb(verb) : datasetVerb(verb);
    return kind == null ? unimplemented() : rpc(parent, kind);
  }

  private static AutoMlRpc modelVerb(String verb) {
    return switch (verb) {
      case "deploy" -> AutoMlRpc.DEPLOY_MODEL;
      case "undeploy" -> AutoMlRpc.UNDEPLOY_MODEL;
      case "export" -> AutoMlRpc.EXPORT_MODEL;
      case "batchPredict" -> AutoMlRpc.BATCH_PREDICT;
      default -> null;
    };
  }

  private static AutoMlRpc datasetVerb(String verb) {
    return switch (verb) {
      case "importData" -> AutoMlRpc.IMPORT_DATA;
      case "exportData" -> AutoMlRpc.EXPORT_DATA;
      default -> null;
    };
  }

  private static Route rpc(String parent, AutoMlRpc kind) {
    return new Route(Type.RPC, parent, kind);
  }

  private static Route unimplemented() {
    return new Route(Type.UNIMPLEMENTED, null, null);
  }
}
