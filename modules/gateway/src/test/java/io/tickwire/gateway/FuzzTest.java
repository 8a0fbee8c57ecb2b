package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Fuzzing the endpoint")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FuzzTest {

  static final int FRAMES = 10_000;
  static final int BATCH = 100;

  /** Makes one invalid frame from a random source; every one of them must be a bad_request. */
  static final List<Function<Random, String>> MUTATIONS = List.of(
      random -> randomText(random, 1 + random.nextInt(200)),
      random -> {
        String valid = validFrame(random);
        return valid.substring(0, random.nextInt(valid.length()));
      },
      random -> new JsonArray().add(random.nextInt()).encode(),
      random -> String.valueOf(random.nextLong()),
      random -> "\"" + randomText(random, 20).replace("\"", "") + "\"",
      random -> new JsonObject().put("id", "x").encode(),
      random -> new JsonObject().put("type", random.nextInt()).encode(),
      random -> new JsonObject().put("type", "x" + random.nextInt(1000)).put("id", "a").encode(),
      random -> new JsonObject().put("type", "subscribe").put("id", "s")
          .put("channels", random.nextBoolean() ? "prices.BTC-USD" : new JsonArray()).encode(),
      random -> new JsonObject().put("type", "subscribe").put("id", "s")
          .put("channels", new JsonArray().add(random.nextInt())).encode(),
      random -> new JsonObject().put("type", "subscribe")
          .put("channels", new JsonArray().add("prices.BTC-USD")).encode(),
      random -> new JsonObject().put("type", "subscribe").put("id", "s")
          .put("channels", new JsonArray().add("prices.BTC-USD"))
          .put("since", new JsonObject().put("prices.BTC-USD",
              new JsonObject().put("seq", -1 - random.nextInt(5)).put("epoch", "e"))).encode(),
      random -> new JsonObject().put("type", "ping").put("id", "i".repeat(65 + random.nextInt(50)))
          .encode(),
      random -> new JsonObject().put("type", "ping").put("id", random.nextInt()).encode(),
      random -> new JsonObject().put("type", "ping").put("id", "p").put("ts", "now").encode(),
      random -> new JsonObject().put("type", "request").put("id", "r")
          .put("method", randomText(random, 10).toUpperCase() + " ").encode(),
      random -> new JsonObject().put("type", "request").put("id", "r").put("method", "system.echo")
          .put("data", new JsonArray().add(1)).encode(),
      random -> new JsonObject().put("type", "auth").put("token", random.nextInt()).encode(),
      random -> "[".repeat(1 + random.nextInt(3000)),
      random -> "{\"type\":\"ping\",\"id\":\"\uD800\"".repeat(1 + random.nextInt(3)));

  @Test
  @DisplayName("answers 10,000 malformed frames each with bad_request while other clients keep being served and heap stays bounded")
  void malformedFrames() {
    GatewayFixture node = GatewayFixture.start(json -> json.getJsonObject("gateway").put("rateLimit",
        new JsonObject().put("framesPerSec", 1_000_000).put("burst", 1_000_000)));
    try {
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      System.gc();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();

      TestSocket bystander = node.connect("?channels=tx.bystander");
      bystander.next("subscribed");
      ChannelPublisher publisher = new ChannelPublisher(node.vertx);
      TestSocket fuzzer = node.connect();
      Random random = new Random(20261122L);
      int published = 0;
      for (int sent = 0; sent < FRAMES; sent += BATCH) {
        for (int i = 0; i < BATCH; i++) {
          fuzzer.sendText(MUTATIONS.get(random.nextInt(MUTATIONS.size())).apply(random));
        }
        List<JsonObject> answers = fuzzer.drain();
        assertThat(answers).hasSize(BATCH).allSatisfy(answer -> {
          assertThat(answer.getString("type")).isEqualTo("error");
          assertThat(answer.getString("code")).isEqualTo("bad_request");
          assertThat(answer.getString("message")).isNotBlank();
        });
        publisher.publish("tx.bystander", new JsonObject().put("n", ++published));
      }
      for (int n = 1; n <= published; n++) {
        assertThat(bystander.next("message").getJsonObject("data").getInteger("n")).isEqualTo(n);
      }
      assertThat(bystander.drain()).isEmpty();
      fuzzer.close();
      bystander.close();

      System.gc();
      long heapAfter = memory.getHeapMemoryUsage().getUsed();
      assertThat(heapAfter - heapBefore).isLessThan(64L * 1024 * 1024);
    } finally {
      node.close();
    }
  }

  static String validFrame(Random random) {
    List<String> frames = new ArrayList<>(List.of(
        "{\"type\":\"ping\",\"id\":\"p1\",\"ts\":12}",
        "{\"type\":\"subscribe\",\"id\":\"s1\",\"channels\":[\"prices.BTC-USD\"]}",
        "{\"type\":\"request\",\"id\":\"r1\",\"method\":\"system.echo\",\"data\":{}}",
        "{\"type\":\"unsubscribe\",\"id\":\"u1\",\"channels\":[\"tx.0x1\"]}"));
    return frames.get(random.nextInt(frames.size()));
  }

  static String randomText(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = (char) (0x20 + random.nextInt(0x5f));
      text.append(c == '{' ? '(' : c);
    }
    return text.toString();
  }
}
