package io.tickwire.prices;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads a venue message into a {@link JsonObject} whose fractional numbers are
 * {@link BigDecimal}s holding the digits exactly as sent ({@code 0.00100000} keeps its scale of
 * 8), for venues whose checksums are computed over the text of JSON numbers. Whole numbers are
 * {@code Long} (or {@code BigInteger} beyond it), as in {@link JsonObject}'s own decoding.
 */
final class ExactJson {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private ExactJson() {
  }

  /** The message as an object; anything else (or not JSON at all) is {@code not_json}. */
  static JsonObject object(String text) throws MalformedMessage {
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notJson();
      }
      JsonObject object = readObject(parser);
      if (parser.nextToken() != null) {
        throw notJson();
      }
      return object;
    } catch (IOException | NumberFormatException e) {
      // Jackson's own limits (nesting, number length) end up here too.
      throw notJson();
    }
  }

  private static JsonObject readObject(JsonParser parser) throws IOException {
    JsonObject object = new JsonObject();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      object.put(name, readValue(parser, parser.nextToken()));
    }
    return object;
  }

  private static JsonArray readArray(JsonParser parser) throws IOException {
    JsonArray array = new JsonArray();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      array.add(readValue(parser, token));
    }
    return array;
  }

  private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> readObject(parser);
      case START_ARRAY -> readArray(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      // The text as sent, not the nearest double: trailing zeros count in a checksum.
      case VALUE_NUMBER_FLOAT -> new BigDecimal(parser.getText());
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected token " + token);
    };
  }

  private static MalformedMessage notJson() {
    return new MalformedMessage(MalformedMessage.NOT_JSON, "not a JSON object");
  }
}
