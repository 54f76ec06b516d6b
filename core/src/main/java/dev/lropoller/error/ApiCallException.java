package dev.lropoller.error;

import dev.lropoller.model.RpcCode;
import dev.lropoller.model.RpcStatus;
import java.util.Optional;

/**
 * The API answered with an error that retrying will not fix (a 4xx other than 429, a second 401
 * in a row, 501, …). Carries what the AIP-193 error body said.
 */
public sealed class ApiCallException extends LroException permits OperationNotFoundException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final transient RpcStatus status;

  /**
   * @param operationName the resource the call was about
   * @param httpStatus the HTTP status of the answer
   * @param status the parsed error body; for an HTML or empty body, one derived from the status
   */
  public ApiCallException(String operationName, int httpStatus, RpcStatus status) {
    super(
        operationName,
        "HTTP " + httpStatus + " " + status.code() + " for " + operationName + ": "
            + status.message() + status.reason().map(r -> " (reason " + r + ")").orElse(""),
        null);
    this.httpStatus = httpStatus;
    this.status = status;
  }

  /**
   * The HTTP status code of the response, such as 403.
   *
   * @return the HTTP status
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The canonical code: the body's {@code status} string when present, else the HTTP status'
   * usual twin.
   *
   * @return the rpc code
   */
  public RpcCode rpcCode() {
    return status.code();
  }

  /**
   * The {@code google.rpc.ErrorInfo.reason} from the error body's details.
   *
   * @return the reason, if the body carried one
   */
  public Optional<String> reason() {
    return status.reason();
  }

  /**
   * The whole error as a {@code google.rpc.Status}: code, message and details.
   *
   * @return the status
   */
  public RpcStatus status() {
    return status;
  }
}
