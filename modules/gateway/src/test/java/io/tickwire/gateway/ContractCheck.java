package io.tickwire.gateway;

import io.tickwire.gateway.api.HttpApi;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.NodeFixture.Exchange;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Response;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks HTTP exchanges against the API's OpenAPI description (docs/openapi.yaml, as the
 * gateway's build copies it and the node serves it) with the Vert.x OpenAPI validator: the
 * request against its operation's parameters, security and body, and the answer against the
 * statuses, headers, content types and schemas the operation documents. A request the
 * description refuses must be answered with a documented 4xx. Paths the description leaves out
 * (the dashboard's files, {@code /ws}) are not checked; every other exchange must match an
 * operation. A mismatch is an {@link AssertionError}.
 *
 * <p>The validator handles JSON, text/plain and binary bodies: a media type it does not handle
 * ({@code text/event-stream}, {@code application/yaml}, Prometheus text with parameters) is
 * handed to it as a body without a schema, and its content type is compared here instead.
 *
 * <p>One contract per JVM ({@link #shared()}: reading and validating the description takes
 * seconds), on a Vert.x of its own that outlives the test nodes; thread-safe. It remembers which
 * operations and statuses it saw.
 */
final class ContractCheck {

  /** The paths the description covers by prefix; any other is the dashboard's or a file. */
  private static final List<String> DESCRIBED = List.of("/api/", "/sse", "/health", "/metrics",
      "/dev/", "/admin/api/");
  /** The paths it covers alone: the admin console's page, not the files beside it. */
  private static final Set<String> DESCRIBED_EXACTLY = Set.of("/admin/");
  /** Where the media type the validator does not handle is kept in the adapted description. */
  private static final String ORIGINAL_MEDIA_TYPE = "x-tickwire-media-type";

  private static ContractCheck shared;

  final JsonObject description;
  private final OpenAPIContract contract;
  private final RequestValidator requests;
  private final ResponseValidator responses;
  /** {@code operationId status} of every exchange checked. */
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  private ContractCheck(JsonObject description, OpenAPIContract contract,
      RequestValidator requests, ResponseValidator responses) {
    this.description = description;
    this.contract = contract;
    this.requests = requests;
    this.responses = responses;
  }

  /** A check of the same contract that remembers only what it sees itself. */
  ContractCheck fresh() {
    return new ContractCheck(description, contract, requests, responses);
  }

  /**
   * The check of the description on the class path, read at the first exchange to check: a test
   * that makes none (a load test, say) does not pay for it.
   */
  static synchronized ContractCheck shared() {
    if (shared == null) {
      shared = load(description());
    }
    return shared;
  }

  /** A check of {@code yaml}, an OpenAPI description; fails the test when it is not valid. */
  private static ContractCheck load(String yaml) {
    JsonObject description = parse(yaml);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
    OpenAPIContract contract = Await.result(OpenAPIContract.from(vertx, adapted(description)));
    return new ContractCheck(description, contract, RequestValidator.create(vertx, contract),
        ResponseValidator.create(vertx, contract));
  }

  /** docs/openapi.yaml as the build copied it onto the class path. */
  static String description() {
    try {
      return HttpApi.description().toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject parse(String yaml) {
    Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    return new JsonObject(Json.encode(tree));
  }

  /** {@code operationId status} of every exchange checked so far. */
  Set<String> seen() {
    return Set.copyOf(seen);
  }

  /** Checks one exchange; throws {@link AssertionError} at the first mismatch. */
  void check(Exchange exchange) {
    int query = exchange.uri().indexOf('?');
    String path = query < 0 ? exchange.uri() : exchange.uri().substring(0, query);
    if (DESCRIBED.stream().noneMatch(path::startsWith) && !DESCRIBED_EXACTLY.contains(path)) {
      return;
    }
    Operation operation = contract.findOperation(path, exchange.method());
    if (operation == null) {
      throw new AssertionError("docs/openapi.yaml has no operation " + exchange.method() + " "
          + path + ", which answered " + exchange.status());
    }
    String id = operation.getOperationId();
    String refused = refusal(operation, path, query < 0 ? "" : exchange.uri().substring(query + 1),
        exchange);
    int status = exchange.status();
    if (refused != null && (status < 400 || status >= 500)) {
      throw new AssertionError(id + ": docs/openapi.yaml refuses the request " + exchange.uri()
          + " (" + refused + "), but the node answered " + status + " " + exchange.responseBody());
    }
    checkResponse(id, operation, exchange);
    seen.add(id + " " + status);
  }

  /** Why the description refuses the request, or {@code null} when it accepts it. */
  private String refusal(Operation operation, String path, String query, Exchange exchange) {
    if (!authorized(operation, exchange.requestHeaders(), query)) {
      return "no credentials for any of " + operation.getSecurityRequirements().stream()
          .map(SecurityRequirement::getNames).toList();
    }
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> pathParams = new HashMap<>();
    Map<String, RequestParameter> queryParams = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      if (parameter.getIn() == Location.HEADER) {
        headers.put(name, new RequestParameterImpl(exchange.requestHeaders().get(name)));
      } else if (parameter.getIn() == Location.PATH) {
        pathParams.put(name, new RequestParameterImpl(segment(operation, path, name)));
      } else if (parameter.getIn() == Location.QUERY) {
        queryParams.put(name, new RequestParameterImpl(queryParam(query, name)));
      }
    }
    RequestParameter body = new RequestParameterImpl(exchange.requestBody() == null ? null
        : Buffer.buffer(exchange.requestBody()));
    ValidatableRequestImpl request = new ValidatableRequestImpl(Map.of(), headers, pathParams,
        queryParams, body, exchange.requestHeaders().get("content-type"));
    Throwable invalid = failureOf(requests.validate(request, operation.getOperationId()));
    return invalid == null ? null : invalid.getMessage();
  }

  private void checkResponse(String id, Operation operation, Exchange exchange) {
    int status = exchange.status();
    Response documented = operation.getResponse(status) != null ? operation.getResponse(status)
        : operation.getDefaultResponse();
    if (documented == null) {
      throw new AssertionError(id + ": status " + status + " is not documented in "
          + "docs/openapi.yaml; body " + exchange.responseBody());
    }
    MultiMap received = exchange.responseHeaders();
    String contentType = received.get("content-type");
    String mediaType = null;
    if (!documented.getContent().isEmpty()) {
      mediaType = mediaType(documented, contentType);
      if (mediaType == null) {
        throw new AssertionError(id + " " + status + ": content type " + contentType
            + " is not documented in docs/openapi.yaml");
      }
      if (exchange.responseBody() == null) {
        // A stream: its status, headers and content type are checked, its events are the
        // AsyncAPI document's.
        return;
      }
    }
    Map<String, String> headers = new HashMap<>();
    for (Parameter header : documented.getHeaders()) {
      if (received.contains(header.getName())) {
        headers.put(header.getName(), received.get(header.getName()));
      }
    }
    ValidatableResponse response = mediaType == null ? ValidatableResponse.create(status, headers)
        : ValidatableResponse.create(status, headers, Buffer.buffer(exchange.responseBody()),
            mediaType);
    Throwable invalid = failureOf(responses.validate(response, id));
    if (invalid != null) {
      throw new AssertionError(id + " " + status + ": the answer does not match docs/openapi.yaml: "
          + invalid.getMessage() + "; body " + exchange.responseBody(), invalid);
    }
  }

  /** Why {@code validation} failed, or {@code null} when it passed; bounded. */
  private static Throwable failureOf(Future<?> validation) {
    return Await.result(validation.transform(outcome -> Future.succeededFuture(outcome.cause())));
  }

  /**
   * The documented media type (as the validator knows it) that {@code contentType} is: the same
   * string, or the same type without the parameters when the description names none.
   */
  private static String mediaType(Response documented, String contentType) {
    if (contentType == null) {
      return null;
    }
    String essence = contentType.split(";")[0].trim();
    for (Map.Entry<String, MediaType> entry : documented.getContent().entrySet()) {
      String named = entry.getValue().getOpenAPIModel()
          .getString(ORIGINAL_MEDIA_TYPE, entry.getKey());
      if (named.equalsIgnoreCase(contentType)
          || !named.contains(";") && named.equalsIgnoreCase(essence)) {
        return entry.getKey();
      }
    }
    return null;
  }

  /**
   * Whether the request carries the credentials of one of the operation's security requirements,
   * by their form: the node judges whether they are valid.
   */
  private boolean authorized(Operation operation, MultiMap headers, String query) {
    List<SecurityRequirement> requirements = operation.getSecurityRequirements();
    if (requirements.isEmpty()) {
      return true;
    }
    return requirements.stream().anyMatch(requirement -> requirement.getNames().stream()
        .allMatch(scheme -> presented(scheme, headers, query)));
  }

  /** Whether credentials of the security scheme named {@code scheme} are in the request. */
  private boolean presented(String scheme, MultiMap headers, String query) {
    JsonObject definition = description.getJsonObject("components")
        .getJsonObject("securitySchemes").getJsonObject(scheme);
    if (definition == null) {
      throw new AssertionError("docs/openapi.yaml has no security scheme " + scheme);
    }
    String authorization = headers.get("Authorization");
    switch (definition.getString("type")) {
      case "http":
        // "Authorization: Bearer <token>"; the scheme is case-insensitive.
        return authorization != null && authorization.regionMatches(true, 0,
            definition.getString("scheme") + " ", 0, definition.getString("scheme").length() + 1);
      case "apiKey":
        if ("query".equals(definition.getString("in"))) {
          return queryParam(query, definition.getString("name")) != null;
        }
        // The API key, "Authorization: ApiKey <key>" (the only header key there is).
        return authorization != null && authorization.startsWith("ApiKey ");
      default:
        throw new AssertionError("security scheme " + scheme + " of a type not checked here");
    }
  }

  private static String segment(Operation operation, String path, String name) {
    String[] template = operation.getAbsoluteOpenAPIPath().split("/");
    String[] segments = path.split("/");
    for (int i = 0; i < template.length && i < segments.length; i++) {
      if (template[i].equals("{" + name + "}")) {
        return URLDecoder.decode(segments[i], StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String queryParam(String query, String name) {
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals),
          StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1),
            StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /**
   * The description with every media type the validator does not handle replaced by a body
   * without a schema, the original kept beside it for {@link #mediaType}.
   */
  private static JsonObject adapted(JsonObject description) {
    JsonObject copy = description.copy();
    adapt(copy);
    return copy;
  }

  private static void adapt(Object node) {
    if (node instanceof JsonObject object) {
      JsonObject content = object.getValue("content") instanceof JsonObject map ? map : null;
      if (content != null) {
        for (String type : Set.copyOf(content.fieldNames())) {
          if (!MediaType.isMediaTypeSupported(type)) {
            content.remove(type);
            // A binary string: a body the validator takes as it is.
            content.put(MediaType.APPLICATION_OCTET_STREAM, new JsonObject()
                .put("schema", new JsonObject().put("type", "string").put("format", "binary"))
                .put(ORIGINAL_MEDIA_TYPE, type));
          }
        }
      }
      object.forEach(entry -> adapt(entry.getValue()));
    } else if (node instanceof io.vertx.core.json.JsonArray array) {
      array.forEach(ContractCheck::adapt);
    }
  }
}
