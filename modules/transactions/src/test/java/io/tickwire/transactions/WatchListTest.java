package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The wallet watch list")
class WatchListTest {

  static final String WALLET = "0x" + "a".repeat(40);
  static final String OTHER = "0x" + "b".repeat(40);

  final WatchList list = new WatchList(1_000);

  @Test
  @DisplayName("keeps explicit watches per user until each user unwatches")
  void explicit() {
    assertThat(list.watch(WALLET, "alice")).isTrue();
    assertThat(list.watch(WALLET, "alice")).isFalse();
    list.watch(WALLET, "bob");
    assertThat(list.unwatch(WALLET, "alice")).isTrue();
    assertThat(list.watched(WALLET, 0)).isTrue();
    list.unwatch(WALLET, "bob");
    assertThat(list.watched(WALLET, 0)).isFalse();
    assertThat(list.unwatch(WALLET, "bob")).isFalse();
  }

  @Test
  @DisplayName("watches a wallet while its channel has subscribers, and for a grace time after")
  void subscribers() {
    assertThat(list.subscribers("gw-1", "wallet." + WALLET, 1, 0)).isEqualTo(WALLET);
    list.subscribers("gw-2", "wallet." + WALLET, 2, 0);
    list.subscribers("gw-1", "wallet." + WALLET, 0, 10);
    assertThat(list.watched(WALLET, 10)).isTrue();
    list.subscribers("gw-2", "wallet." + WALLET, 0, 20);
    assertThat(list.watched(WALLET, 1_019)).isTrue();
    assertThat(list.watched(WALLET, 1_020)).isFalse();
    assertThat(list.addresses(1_020)).isEmpty();
  }

  @Test
  @DisplayName("takes a gateway's sync as its whole list and forgets gateways that fell silent")
  void syncAndSilence() {
    list.subscribers("gw-1", "wallet." + WALLET, 1, 0);
    list.sync("gw-1", Map.of("wallet." + OTHER, 3), 5);
    assertThat(list.subscribed(WALLET)).isFalse();
    assertThat(list.subscribed(OTHER)).isTrue();
    list.forgetSilent(6, 6);
    assertThat(list.subscribed(OTHER)).isFalse();
    assertThat(list.watched(OTHER, 6)).isTrue();
    assertThat(list.watched(OTHER, 1_006)).isFalse();
  }

  @Test
  @DisplayName("ignores channels that are not lower-case wallet addresses")
  void ignoresOtherChannels() {
    assertThat(list.subscribers("gw-1", "wallet." + WALLET.toUpperCase().replace("0X", "0x"), 1,
        0)).isNull();
    assertThat(list.subscribers("gw-1", "wallet.nope", 1, 0)).isNull();
    assertThat(list.addresses(0)).isEmpty();
  }

  @Test
  @DisplayName("stores only the explicit watches")
  void stores() {
    list.watch(WALLET, "alice");
    list.subscribers("gw-1", "wallet." + OTHER, 1, 0);
    WatchList copy = new WatchList(1_000);
    copy.load(list.toJson());
    assertThat(copy.watchedBy(WALLET, "alice")).isTrue();
    assertThat(copy.watched(OTHER, 0)).isFalse();
  }
}
