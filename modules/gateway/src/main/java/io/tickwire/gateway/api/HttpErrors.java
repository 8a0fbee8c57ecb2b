package io.tickwire.gateway.api;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** JSON error answers of the HTTP endpoints: {@code {"code": "bad_request", "message": "…"}}. */
public final class HttpErrors {

  private HttpErrors() {
  }

  public static void send(HttpServerResponse response, ErrorCode code, String message) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(code.status()).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code.token()).put("message", message).encode());
  }

  public static void send(HttpServerResponse response, ProtocolException error) {
    send(response, error.code(), error.getMessage());
  }
}
