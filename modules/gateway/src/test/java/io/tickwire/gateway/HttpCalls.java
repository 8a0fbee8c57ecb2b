package io.tickwire.gateway;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * HTTP calls to a {@link TestNode} whose response body is always read. The body's handler is set
 * in the callback that receives the response, on the connection's context: set from the test
 * thread after the response arrived, it could miss a body that had already ended.
 */
final class HttpCalls {

  private HttpCalls() {
  }

  /** An HTTP call; answers status, body and content type. */
  static TestNode.Response call(TestNode node, HttpMethod method, String path, String apiKey,
      String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(node.port).setURI(path).putHeader("content-type", "application/json");
    if (apiKey != null) {
      options.putHeader("Authorization", "ApiKey " + apiKey);
    }
    return TestNode.await(node.http.request(options).compose(request ->
        (body == null ? request.send() : request.send(body))
            .compose(response -> response.body()
                .map(buffer -> new TestNode.Response(response, buffer)))));
  }

  /** Publishes through the HTTP API and answers the publication. */
  static JsonObject publish(TestNode node, String channel, Object data) {
    TestNode.Response response = call(node, HttpMethod.POST, "/api/publish", TestNode.API_KEY,
        new JsonObject().put("channel", channel).put("data", data).encode());
    if (response.status() != 200) {
      throw new AssertionError("publish failed: " + response.status() + " " + response.body());
    }
    return response.json();
  }
}
