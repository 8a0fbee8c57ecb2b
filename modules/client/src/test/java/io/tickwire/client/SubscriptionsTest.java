package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.protocol.ServerFrames.Granted;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Client subscriptions and positions")
@Timeout(10)
class SubscriptionsTest {

  private static JsonObject subscribed(String id, String channel, long seq, String epoch,
      boolean recovered) {
    return new JsonObject().put("type", "subscribed").put("id", id).put("channels",
        new JsonArray().add(new JsonObject().put("channel", channel).put("seq", seq)
            .put("epoch", epoch).put("recovered", recovered)));
  }

  @Test
  @DisplayName("drops a message whose seq was already seen in the same epoch, and takes a new epoch")
  void duplicates() {
    Positions positions = new Positions();
    assertThat(positions.advance("tx.a", 5, "e1")).isTrue();
    assertThat(positions.advance("tx.a", 5, "e1")).isFalse();
    assertThat(positions.advance("tx.a", 3, "e1")).isFalse();
    assertThat(positions.advance("tx.a", 6, "e1")).isTrue();
    assertThat(positions.advance("tx.a", 1, "e2")).isTrue();
    assertThat(positions.of("tx.a").seq()).isEqualTo(1);
  }

  @Test
  @DisplayName("reads refusals listed under errors in the one subscribed answer, and a whole frame refused by its id")
  void refusals() {
    Subscriptions subscriptions = new Subscriptions();
    List<String> toSend = new ArrayList<>();
    Promise<SubscribeResult> wanted = subscriptions.want(List.of("tx.a", "user.bob", "nope.x"),
        toSend);
    subscriptions.frame("s1", toSend);
    JsonObject answer = subscribed("s1", "tx.a", 3, "e1", false).put("errors", new JsonArray()
        .add(new JsonObject().put("channel", "user.bob").put("code", "unauthorized")
            .put("message", "this channel needs a token"))
        .add(new JsonObject().put("channel", "nope.x").put("code", "not_found")
            .put("message", "unknown channel namespace 'nope'")));
    List<ProtocolException> refused = subscriptions.subscribed(answer, resync -> { });
    assertThat(refused).extracting(ProtocolException::channel)
        .containsExactly("user.bob", "nope.x");
    SubscribeResult result = wanted.future().result();
    assertThat(result.granted()).extracting(Granted::channel).containsExactly("tx.a");
    assertThat(result.refused()).extracting(error -> error.channel() + ":" + error.code())
        .containsExactly("user.bob:UNAUTHORIZED", "nope.x:NOT_FOUND");
    assertThat(subscriptions.isWanted("user.bob")).isFalse();
    assertThat(subscriptions.isWanted("tx.a")).isTrue();

    List<String> more = new ArrayList<>();
    Promise<SubscribeResult> many = subscriptions.want(List.of("tx.b", "tx.c"), more);
    subscriptions.frame("s2", more);
    assertThat(subscriptions.frameRefused(new ProtocolException(ErrorCode.BAD_REQUEST,
        "too many names", "s2", null))).isTrue();
    assertThat(many.future().result().refused()).extracting(ProtocolException::channel)
        .containsExactly("tx.b", "tx.c");
    assertThat(subscriptions.frameRefused(new ProtocolException(ErrorCode.BAD_REQUEST,
        "not a subscribe", "r9", null))).isFalse();
  }

  @Test
  @DisplayName("resubscribes with since from the last position and raises resync when not recovered")
  void resync() {
    Subscriptions subscriptions = new Subscriptions();
    List<String> toSend = new ArrayList<>();
    Promise<SubscribeResult> first = subscriptions.want(List.of("tx.a", "prices.X"), toSend);
    assertThat(toSend).containsExactly("tx.a", "prices.X");
    JsonObject frame = subscriptions.frame("s1", toSend);
    assertThat(frame.containsKey("since")).isFalse();
    subscriptions.subscribed(subscribed("s1", "tx.a", 0, "e1", false), resync -> {
      throw new AssertionError("a fresh subscription is no resync");
    });
    subscriptions.subscribed(subscribed("s1", "prices.X", 0, "e1", false), resync -> { });
    assertThat(first.future().result().granted()).hasSize(2);
    assertThat(subscriptions.accept("tx.a", 1, "e1")).isTrue();
    assertThat(subscriptions.accept("tx.a", 2, "e1")).isTrue();

    subscriptions.disconnected();
    JsonObject again = subscriptions.frame("s2", subscriptions.all());
    assertThat(again.getJsonObject("since").getJsonObject("tx.a"))
        .isEqualTo(new JsonObject().put("seq", 2).put("epoch", "e1"));
    assertThat(again.getJsonObject("since").containsKey("prices.X")).isFalse();
    List<Resync> resyncs = new ArrayList<>();
    subscriptions.subscribed(subscribed("s2", "tx.a", 40, "e2", false), resyncs::add);
    assertThat(resyncs).containsExactly(new Resync("tx.a", 40, "e2"));
  }

  @Test
  @DisplayName("answers a subscription already granted at once and sends nothing")
  void alreadyGranted() {
    Subscriptions subscriptions = new Subscriptions();
    List<String> toSend = new ArrayList<>();
    subscriptions.want(List.of("tx.a"), toSend);
    subscriptions.frame("s1", toSend);
    List<String> twice = new ArrayList<>();
    Promise<SubscribeResult> inFlight = subscriptions.want(List.of("tx.a"), twice);
    assertThat(twice).isEmpty();
    subscriptions.subscribed(subscribed("s1", "tx.a", 7, "e1", false), resync -> { });
    assertThat(inFlight.future().result().granted().get(0).seq()).isEqualTo(7);
    List<String> third = new ArrayList<>();
    assertThat(subscriptions.want(List.of("tx.a"), third).future().isComplete()).isTrue();
    assertThat(third).isEmpty();
  }

  @Test
  @DisplayName("forgets a refused channel and reports the refusal to the caller")
  void refused() {
    Subscriptions subscriptions = new Subscriptions();
    List<String> toSend = new ArrayList<>();
    Promise<SubscribeResult> result = subscriptions.want(List.of("user.bob", "tx.a"), toSend);
    subscriptions.frame("s1", toSend);
    subscriptions.refused(new ProtocolException(ErrorCode.FORBIDDEN, "no", "s1", "user.bob"));
    subscriptions.subscribed(subscribed("s1", "tx.a", 0, "e1", false), resync -> { });
    assertThat(result.future().result().refused()).extracting(ProtocolException::channel)
        .containsExactly("user.bob");
    assertThat(subscriptions.all()).containsExactly("tx.a");
    assertThat(subscriptions.accept("user.bob", 1, "e1")).isFalse();
  }
}
