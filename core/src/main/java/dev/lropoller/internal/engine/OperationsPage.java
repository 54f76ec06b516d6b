package dev.lropoller.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.JsonReadException;
import dev.lropoller.internal.ProtoField;
import dev.lropoller.internal.ProtoFields;
import dev.lropoller.internal.ProtoJson;
import dev.lropoller.model.Operation;
import dev.lropoller.spi.TransportException;
import java.util.ArrayList;
import java.util.List;

/** One page of {@code ListOperations}: {@code {"operations": [...], "nextPageToken": "..."}}. */
final class OperationsPage {
  private static final ProtoField OPERATIONS = ProtoField.of("operations");
  private static final ProtoField NEXT_PAGE_TOKEN = ProtoField.of("nextPageToken");
  private final List<Operation> operations;
  private final String nextPageToken;

  private OperationsPage(List<Operation> operations, String nextPageToken) {
    this.operations = operations;
    this.nextPageToken = nextPageToken;
  }

  static OperationsPage parse(String parent, byte[] body) {
    try {
      JsonNode root = ProtoJson.readTree(body);
      if (!root.isObject()) {
        throw new UnexpectedResponseException(parent, "a list page must be a JSON object");
      }
      // An empty page comes as {} (proto3 omits empty repeated fields).
      JsonNode ops = ProtoFields.array(root, OPERATIONS, "");
      List<Operation> list = new ArrayList<>(ops == null ? 0 : ops.size());
      if (ops != null) {
        for (JsonNode op : ops) {
          list.add(Operation.fromJson(op));
        }
      }
      return new OperationsPage(List.copyOf(list), ProtoFields.string(root, NEXT_PAGE_TOKEN, ""));
    } catch (UnexpectedResponseException | JsonReadException e) {
      throw TransportException.transientFailure(
          "unreadable list page for " + parent + ": " + e.getMessage(), e);
    }
  }

  List<Operation> operations() {
    return operations;
  }

  String nextPageToken() {
    return nextPageToken;
  }
}
