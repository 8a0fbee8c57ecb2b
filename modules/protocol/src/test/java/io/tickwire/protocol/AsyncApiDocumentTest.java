package io.tickwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/asyncapi.yaml against the protocol module: the frame types, error codes and close codes
 * it names are exactly those defined here, both ways, and it describes the {@code /sse} stream.
 */
@DisplayName("The AsyncAPI document")
class AsyncApiDocumentTest {

  /** The document, as the module's tests see it from the module's directory. */
  static final Path DOCUMENT = Path.of("../../docs/asyncapi.yaml");

  static Map<String, Object> document;
  static Map<String, Object> schemas;

  @BeforeAll
  static void read() throws IOException {
    document = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Files.readString(DOCUMENT));
    schemas = map(map(document.get("components")).get("schemas"));
  }

  @Test
  @DisplayName("names every frame type of FrameType, and no other")
  void frameTypes() {
    Set<String> defined = constants(FrameType.class, String.class).stream()
        .map(String.class::cast).collect(Collectors.toCollection(TreeSet::new));
    // A frame's type is the const of its payload schema's 'type' property.
    Set<String> documented = new TreeSet<>();
    for (Object schema : schemas.values()) {
      Object type = map(map(schema).getOrDefault("properties", Map.of())).get("type");
      if (type instanceof Map<?, ?> property && property.get("const") instanceof String name) {
        documented.add(name);
      }
    }
    assertThat(documented).isEqualTo(defined);
    // Every message is one of them, under its own name.
    for (Map.Entry<String, Object> message : map(map(document.get("components")).get("messages"))
        .entrySet()) {
      assertThat(defined).as("message %s", message.getKey()).contains(message.getKey());
      assertThat(map(message.getValue()).get("name")).isEqualTo(message.getKey());
    }
  }

  @Test
  @DisplayName("lists every error code of ErrorCode, and every code it names is one")
  void errorCodes() {
    Set<String> defined = Arrays.stream(ErrorCode.values()).map(ErrorCode::token)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(new TreeSet<>(list(map(schemas.get("ErrorCode")).get("enum")))).isEqualTo(defined);
    Set<Object> named = new TreeSet<>();
    codes(document, named);
    assertThat(named).as("codes named anywhere in the document").isNotEmpty();
    assertThat(defined).containsAll(named.stream().map(String::valueOf).toList());
  }

  @Test
  @DisplayName("lists every close code of CloseCode, and no other")
  void closeCodes() {
    Set<Integer> defined = constants(CloseCode.class, short.class).stream()
        .map(value -> ((Short) value).intValue()).collect(Collectors.toCollection(TreeSet::new));
    assertThat(schemas).as("components.schemas").containsKey("CloseCode");
    Map<String, Object> closeCode = map(schemas.get("CloseCode"));
    Set<Integer> documented = list(closeCode.get("enum")).stream()
        .map(value -> ((Number) value).intValue()).collect(Collectors.toCollection(TreeSet::new));
    assertThat(documented).isEqualTo(defined);
  }

  @Test
  @DisplayName("describes the /sse stream: its query and its welcome, subscribed and message events")
  void sse() {
    Map<String, Object> sse = map(map(document.get("channels")).get("sse"));
    assertThat(sse.get("address")).isEqualTo("/sse");
    assertThat(map(sse.get("messages")).values()).extracting(message -> map(message).get("$ref"))
        .containsExactly("#/components/messages/welcome", "#/components/messages/subscribed",
            "#/components/messages/message");
    Map<String, Object> operation = map(map(document.get("operations")).get("sendSseEvents"));
    assertThat(map(operation.get("channel")).get("$ref")).isEqualTo("#/channels/sse");
    Map<String, Object> query = map(map(map(operation.get("bindings")).get("http")).get("query"));
    assertThat(map(query.get("properties")).keySet())
        .containsExactlyInAnyOrder("channels", "token", "lastEventId");
    assertThat(list(query.get("required"))).containsExactly("channels");
  }

  /**
   * Every error code the document names: the enum or const of a {@code code} property, and the
   * {@code code} of every example of an {@code error} frame.
   */
  private static void codes(Object node, Set<Object> named) {
    if (node instanceof Map<?, ?> object) {
      if (object.get("properties") instanceof Map<?, ?> properties
          && properties.get("code") instanceof Map<?, ?> code) {
        if (code.get("enum") instanceof List<?> values) {
          named.addAll(values);
        }
        if (code.get("const") != null) {
          named.add(code.get("const"));
        }
      }
      if (FrameType.ERROR.equals(object.get("type")) && object.get("code") instanceof String code) {
        named.add(code);
      }
      object.values().forEach(value -> codes(value, named));
    } else if (node instanceof List<?> values) {
      values.forEach(value -> codes(value, named));
    }
  }

  /** The values of the public constants of {@code type} {@code valueType}. */
  private static List<Object> constants(Class<?> holder, Class<?> valueType) {
    return Arrays.stream(holder.getFields())
        .filter(field -> Modifier.isStatic(field.getModifiers())
            && Modifier.isFinal(field.getModifiers()) && field.getType() == valueType)
        .map(AsyncApiDocumentTest::value).toList();
  }

  private static Object value(Field field) {
    try {
      return field.get(null);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    assertThat(node).isInstanceOf(Map.class);
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object node) {
    assertThat(node).isInstanceOf(List.class);
    return (List<Object>) node;
  }
}
