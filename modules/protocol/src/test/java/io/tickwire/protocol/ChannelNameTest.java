package io.tickwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A channel name")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChannelNameTest {

  @Test
  @DisplayName("names a single-channel namespace without a key")
  void namespaceOnly() {
    ChannelName name = ChannelName.parse("blocks");
    assertThat(name.namespace()).isEqualTo("blocks");
    assertThat(name.key()).isEmpty();
    assertThat(name).hasToString("blocks");
  }

  @Test
  @DisplayName("splits namespace and key at the first dot")
  void namespaceAndKey() {
    ChannelName name = ChannelName.parse("prices.BTC-USD");
    assertThat(name.namespace()).isEqualTo("prices");
    assertThat(name.key()).isEqualTo("BTC-USD");
    assertThat(name).hasToString("prices.BTC-USD");
  }

  @Test
  @DisplayName("keeps the further dots of a key in the key")
  void keyWithDots() {
    ChannelName name = ChannelName.parse("pools.uni.v3.0xAbC");
    assertThat(name.namespace()).isEqualTo("pools");
    assertThat(name.key()).isEqualTo("uni.v3.0xAbC");
    assertThat(name).hasToString("pools.uni.v3.0xAbC");
  }

  @ParameterizedTest
  @ValueSource(strings = {"blocks", "prices.BTC-USD", "pools.uni.v3.0xAbC", "system.announcements"})
  @DisplayName("names its namespace without being parsed, as parsing would")
  void namespaceOf(String channel) {
    assertThat(ChannelName.namespaceOf(channel))
        .isEqualTo(ChannelName.parse(channel).namespace());
  }

  @Test
  @DisplayName("accepts a namespace of digits, underscores and dashes after its first letter")
  void namespaceCharacters() {
    assertThat(ChannelName.parse("a1_b-c.k").namespace()).isEqualTo("a1_b-c");
    assertThat(ChannelName.isValid("a1_b-c.k")).isTrue();
  }

  @Test
  @DisplayName("accepts a name of exactly 128 characters")
  void longestName() {
    String name = "tx." + "k".repeat(ChannelName.MAX_LENGTH - 3);
    assertThat(name).hasSize(128);
    assertThat(ChannelName.parse(name).key()).hasSize(125);
  }

  @Test
  @DisplayName("refuses an empty name with bad_request and the channel set")
  void empty() {
    ProtocolException refused = refusal("");
    assertThat(refused.getMessage()).isEqualTo("channel name is empty");
    assertThat(refused.channel()).isEqualTo("");
    assertThat(ChannelName.isValid(null)).isFalse();
  }

  @Test
  @DisplayName("refuses a name without a namespace")
  void noNamespace() {
    ProtocolException refused = refusal(".BTC-USD");
    assertThat(refused.getMessage()).contains("namespace");
    assertThat(refused.channel()).isEqualTo(".BTC-USD");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"Prices.BTC-USD", "PRICES", "1prices.x", "_x.y", "pri ces.x"})
  @DisplayName("refuses a namespace that is not lower-case [a-z][a-z0-9_-]*")
  void badNamespace(String channel) {
    ProtocolException refused = refusal(channel);
    assertThat(refused.getMessage()).contains("namespace must match");
    assertThat(refused.channel()).isEqualTo(channel);
  }

  @Test
  @DisplayName("refuses a trailing dot: the key would be empty")
  void trailingDot() {
    ProtocolException refused = refusal("prices.");
    assertThat(refused.getMessage()).contains("the key is empty");
    assertThat(refused.channel()).isEqualTo("prices.");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"prices.BTC USD", "prices. x", "prices.tab\tx", "prices.é"})
  @DisplayName("refuses a key with spaces or characters outside printable ASCII")
  void badKey(String channel) {
    ProtocolException refused = refusal(channel);
    assertThat(refused.getMessage()).contains("channel key");
    assertThat(refused.channel()).isEqualTo(channel);
  }

  @Test
  @DisplayName("refuses a name over 128 characters and names it shortened")
  void tooLong() {
    String channel = "tx." + "k".repeat(ChannelName.MAX_LENGTH - 2);
    assertThat(channel).hasSize(129);
    ProtocolException refused = refusal(channel);
    assertThat(refused.getMessage()).contains("longer than 128");
    assertThat(refused.channel()).isEqualTo(channel.substring(0, 128) + "…");
  }

  @Test
  @DisplayName("refuses an over-long name built directly from namespace and key")
  void tooLongRecord() {
    ProtocolException refused = catchThrowableOfType(ProtocolException.class,
        () -> new ChannelName("tx", "k".repeat(126)));
    assertThat(refused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refused.getMessage()).contains("longer than 128");
  }

  private static ProtocolException refusal(String channel) {
    ProtocolException refused = catchThrowableOfType(ProtocolException.class,
        () -> ChannelName.parse(channel));
    assertThat(refused).as("refusal of '%s'", channel).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refused.id()).isNull();
    assertThat(ChannelName.isValid(channel)).isFalse();
    return refused;
  }
}
