package io.tickwire.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tickwire.channels.NamespacePolicy.Access;
import io.tickwire.channels.NamespacePolicy.Mode;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The one check of a publication")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PublicationTest {

  private final Namespaces namespaces = new Namespaces(Map.of(
      "tx", new NamespacePolicy("tx", Access.PUBLIC, Mode.STREAM, 3, 10_000),
      "prices", new NamespacePolicy("prices", Access.PUBLIC, Mode.LATEST, 3, 10_000,
          Set.of("BTC-USD"), Pattern.compile("[A-Z]+-[A-Z]+"))));

  @Test
  @DisplayName("carries the parsed channel, its namespace's policy, the data and the key")
  void passes() {
    JsonObject data = new JsonObject().put("n", 1);
    Publication publication = Publication.check(namespaces, "prices.BTC-USD", data, "k-1");
    assertThat(publication.channel()).isEqualTo(ChannelName.parse("prices.BTC-USD"));
    assertThat(publication.policy()).isSameAs(namespaces.get("prices"));
    assertThat(publication.data()).isSameAs(data);
    assertThat(publication.idempotencyKey()).isEqualTo("k-1");
    assertThat(Publication.check(namespaces, "tx.a", 1, null).idempotencyKey()).isNull();
  }

  @Test
  @DisplayName("checked with the namespace already looked up, is the same publication; its data is encoded once, and the history builds the frame around that text")
  void lookedUpOnce() {
    ChannelName channel = ChannelName.parse("tx.a");
    JsonObject data = new JsonObject().put("text", "ça \"va\"").put("n", 1.5);
    Publication.From from = new Publication.From("alice", "s-1");
    Publication publication = Publication.check(channel, namespaces.of(channel), data, "k",
        from);
    Publication viaNames = Publication.check(namespaces, "tx.a", data, "k", from);
    assertThat(publication.channel()).isEqualTo(viaNames.channel());
    assertThat(publication.policy()).isSameAs(viaNames.policy());
    assertThat(publication.idempotencyKey()).isEqualTo(viaNames.idempotencyKey());
    String json = publication.dataJson();
    assertThat(publication.dataJson()).isSameAs(json);
    assertThat(new JsonObject(json)).isEqualTo(data);

    ChannelHistory history = new ChannelHistory("e", () -> 7L, name -> true);
    ChannelMessage appended = history.append(publication);
    assertThat(appended.frame()).isEqualTo(ChannelMessage.of("tx.a", 1, appended.epoch(), 7L,
        data, from.toJson()).frame());
  }

  @Test
  @DisplayName("refuses a channel of an unknown namespace with not_found and the channel set, on publish and on recovery")
  void unknownNamespace() {
    ProtocolException onPublish = refusal("nope.x", 1, null);
    assertThat(onPublish.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(onPublish.channel()).isEqualTo("nope.x");
    ProtocolException onRecover = catchThrowableOfType(ProtocolException.class,
        () -> namespaces.of(ChannelName.parse("nope.x")));
    assertThat(onRecover.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(onRecover.getMessage()).contains("nope");
  }

  @Test
  @DisplayName("refuses a key the namespace does not list with not_found, one off its pattern with bad_request")
  void keys() {
    assertThat(refusal("prices.ETH-USD", 1, null).code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(refusal("prices.btc", 1, null).code()).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  @DisplayName("names the field at fault: channel, data, idempotencyKey")
  void fields() {
    assertThat(refusal(null, 1, null).getMessage())
        .isEqualTo("field 'channel' is required and must be a channel name");
    assertThat(refusal(42, 1, null).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refusal("tx.a", null, null).getMessage()).isEqualTo("field 'data' is required");
    String tooLong = "k".repeat(Publication.MAX_IDEMPOTENCY_KEY_LENGTH + 1);
    for (Object key : new Object[] {"", tooLong, 7}) {
      assertThat(refusal("tx.a", 1, key).getMessage())
          .isEqualTo("field 'idempotencyKey' must be a string of 1 to 128 characters");
    }
    assertThat(Publication.check(namespaces, "tx.a", 1,
        "k".repeat(Publication.MAX_IDEMPOTENCY_KEY_LENGTH)).idempotencyKey()).hasSize(128);
  }

  private ProtocolException refusal(Object channel, Object data, Object key) {
    ProtocolException refused = catchThrowableOfType(ProtocolException.class,
        () -> Publication.check(namespaces, channel, data, key));
    assertThat(refused).as("refused").isNotNull();
    return refused;
  }
}
