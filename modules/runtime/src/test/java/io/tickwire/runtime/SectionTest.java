package io.tickwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A configuration section")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SectionTest {

  @Test
  @DisplayName("reads whole numbers, and takes the default when the key is absent")
  void wholeNumbers() {
    Section section = gateway(new JsonObject().put("port", 9090).put("big", 5_000_000_000L)
        .put("asFloat", 12.0));
    assertThat(section.intValue("port", 8080, 0, 65_535)).isEqualTo(9090);
    assertThat(section.longValue("big", 0, 0, Long.MAX_VALUE)).isEqualTo(5_000_000_000L);
    assertThat(section.intValue("asFloat", 0, 0, 100)).isEqualTo(12);
    assertThat(section.intValue("absent", 8080, 0, 65_535)).isEqualTo(8080);
    assertThat(section.longValue("alsoAbsent", -3, -10, 10)).isEqualTo(-3);
  }

  @Test
  @DisplayName("refuses whole numbers out of range, fractional or not numbers, naming the full key")
  void wholeNumberRefusals() {
    Section section = gateway(new JsonObject().put("port", 70_000).put("low", -1)
        .put("fraction", 1.5).put("text", "80"));
    assertRefused(() -> section.intValue("port", 8080, 0, 65_535), "gateway.port",
        "must be a whole number from 0 to 65535, got 70000");
    assertRefused(() -> section.longValue("low", 0, 0, 10), "gateway.low",
        "must be a whole number from 0 to 10, got -1");
    assertRefused(() -> section.intValue("fraction", 0, 0, 10), "gateway.fraction",
        "must be a whole number from 0 to 10, got 1.5");
    assertRefused(() -> section.intValue("text", 0, 0, 100), "gateway.text",
        "must be a whole number from 0 to 100, got '80'");
  }

  @Test
  @DisplayName("accepts the range's bounds")
  void bounds() {
    Section section = gateway(new JsonObject().put("min", 1).put("max", 10));
    assertThat(section.intValue("min", 5, 1, 10)).isEqualTo(1);
    assertThat(section.intValue("max", 5, 1, 10)).isEqualTo(10);
  }

  @Test
  @DisplayName("reads numbers with a fraction within their range")
  void doubles() {
    Section section = gateway(new JsonObject().put("rate", 0.5).put("whole", 3)
        .put("high", 2.5).put("text", "1"));
    assertThat(section.doubleValue("rate", 1, 0.1, 10)).isEqualTo(0.5);
    assertThat(section.doubleValue("whole", 1, 0.1, 10)).isEqualTo(3.0);
    assertThat(section.doubleValue("absent", 1.25, 0, 10)).isEqualTo(1.25);
    assertRefused(() -> section.doubleValue("high", 1, 0, 2), "gateway.high",
        "must be a number from 0.0 to 2.0, got 2.5");
    assertRefused(() -> section.doubleValue("text", 1, 0, 2), "gateway.text",
        "must be a number from 0.0 to 2.0, got '1'");
  }

  @Test
  @DisplayName("reads booleans and refuses anything else")
  void booleans() {
    Section section = gateway(new JsonObject().put("on", true).put("off", false)
        .put("yes", "yes"));
    assertThat(section.bool("on", false)).isTrue();
    assertThat(section.bool("off", true)).isFalse();
    assertThat(section.bool("absent", true)).isTrue();
    assertRefused(() -> section.bool("yes", false), "gateway.yes",
        "must be true or false, got 'yes'");
  }

  @Test
  @DisplayName("reads strings, counts an empty string as absent and refuses non-strings")
  void strings() {
    Section section = gateway(new JsonObject().put("host", "127.0.0.1").put("empty", "")
        .put("number", 5));
    assertThat(section.string("host", "0.0.0.0")).isEqualTo("127.0.0.1");
    assertThat(section.string("empty", "fallback")).isEqualTo("fallback");
    assertThat(section.string("absent", null)).isNull();
    assertRefused(() -> section.string("number", null), "gateway.number",
        "must be a string, got 5");
  }

  @Test
  @DisplayName("reads one of a set of values without case, answering it lower-cased")
  void oneOf() {
    Section section = gateway(new JsonObject().put("mode", "LaTeSt").put("bad", "firehose"));
    Set<String> modes = Set.of("latest", "stream");
    assertThat(section.oneOf("mode", "stream", modes)).isEqualTo("latest");
    assertThat(section.oneOf("absent", "stream", modes)).isEqualTo("stream");
    assertThat(section.oneOf("alsoAbsent", null, modes)).isNull();
    ConfigException refused = assertRefused(() -> section.oneOf("bad", "stream", modes),
        "gateway.bad", null);
    assertThat(refused.getMessage()).contains("must be one of").contains("latest")
        .contains("stream").endsWith("got 'firehose'");
  }

  @Test
  @DisplayName("reads a list of strings from an array or from a comma-separated string")
  void lists() {
    Section section = gateway(new JsonObject()
        .put("array", new JsonArray().add("a").add("b c"))
        .put("comma", " a, b ,,c ,")
        .put("blank", " ")
        .put("mixed", new JsonArray().add("a").add(1))
        .put("number", 3));
    assertThat(section.strings("array", List.of())).containsExactly("a", "b c");
    assertThat(section.strings("comma", List.of())).containsExactly("a", "b", "c");
    assertThat(section.strings("blank", List.of("x"))).isEmpty();
    assertThat(section.strings("absent", List.of("x"))).containsExactly("x");
    assertRefused(() -> section.strings("mixed", List.of()), "gateway.mixed",
        "must hold only strings, got 1");
    assertRefused(() -> section.strings("number", List.of()), "gateway.number",
        "must be a list of strings, got 3");
  }

  @Test
  @DisplayName("done() accepts a section whose every key was read")
  void doneWhenAllRead() {
    Section section = gateway(new JsonObject().put("port", 1).put("host", "h"));
    section.intValue("port", 0, 0, 10);
    section.string("host", null);
    section.done();
  }

  @Test
  @DisplayName("done() refuses a key nobody read, naming the full dotted key")
  void doneRefusesUnknownKey() {
    Section root = Section.root(new JsonObject().put("gateway", new JsonObject()
        .put("rateLimit", new JsonObject().put("burst", 10).put("brust", 10))));
    Section rateLimit = root.section("gateway").section("rateLimit");
    rateLimit.intValue("burst", 1, 1, 100);
    assertRefused(rateLimit::done, "gateway.rateLimit.brust", "unknown key");
  }

  @Test
  @DisplayName("done() counts keys read as raw values and child sections as read")
  void doneWithRawAndSections() {
    Section root = Section.root(new JsonObject().put("free", new JsonArray().add(1))
        .put("child", new JsonObject()).put("stray", 1));
    assertThat(root.raw("free")).isEqualTo(new JsonArray().add(1));
    root.section("child");
    assertRefused(root::done, "stray", "unknown key");
  }

  @Test
  @DisplayName("answers an absent child section as empty and refuses a child that is not an object")
  void childSections() {
    Section root = Section.root(new JsonObject().put("gateway", 5));
    assertRefused(() -> root.section("gateway"), "gateway", "must be an object");
    Section absent = Section.root(null).section("heartbeat");
    assertThat(absent.longValue("intervalMs", 15_000, 10, 60_000)).isEqualTo(15_000);
    assertThat(absent.key("intervalMs")).isEqualTo("heartbeat.intervalMs");
    absent.done();
  }

  @Test
  @DisplayName("lists the names of child sections only")
  void sectionNames() {
    Section namespaces = Section.root(new JsonObject().put("namespaces", new JsonObject()
        .put("prices", new JsonObject()).put("blocks", new JsonObject()).put("stray", 1)))
        .section("namespaces");
    assertThat(namespaces.sectionNames()).containsExactlyInAnyOrder("prices", "blocks");
  }

  private static Section gateway(JsonObject json) {
    return Section.root(new JsonObject().put("gateway", json)).section("gateway");
  }

  private static ConfigException assertRefused(ThrowingCallable read, String key,
      String problem) {
    ConfigException refused = catchThrowableOfType(ConfigException.class, read);
    assertThat(refused).as("a refusal of %s", key).isNotNull();
    assertThat(refused.key()).isEqualTo(key);
    if (problem != null) {
      assertThat(refused.getMessage()).isEqualTo("config key '" + key + "': " + problem);
    }
    return refused;
  }
}
