package io.tickwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The services' channel names")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChannelsTest {

  @Test
  @DisplayName("are the wire names clients subscribe to")
  void wireNames() {
    assertThat(Channels.prices("BTC-USD")).isEqualTo("prices.BTC-USD");
    assertThat(Channels.MARKET_OVERVIEW).isEqualTo("market.overview");
    assertThat(Channels.BLOCKS).isEqualTo("blocks");
    assertThat(Channels.tx("0x5c50")).isEqualTo("tx.0x5c50");
    assertThat(Channels.wallet("0x5290")).isEqualTo("wallet.0x5290");
    assertThat(Channels.user("alice")).isEqualTo("user.alice");
  }

  @Test
  @DisplayName("are valid channel names of their namespace")
  void valid() {
    assertThat(ChannelName.parse(Channels.prices("BTC-USD")))
        .isEqualTo(new ChannelName("prices", "BTC-USD"));
    assertThat(ChannelName.parse(Channels.MARKET_OVERVIEW))
        .isEqualTo(new ChannelName("market", "overview"));
    assertThat(ChannelName.parse(Channels.BLOCKS)).isEqualTo(new ChannelName("blocks", ""));
    assertThat(ChannelName.parse(Channels.user("alice")).namespace()).isEqualTo("user");
  }

  @Test
  @DisplayName("give back the key of a channel of a namespace, and nothing for another")
  void keyIn() {
    assertThat(Channels.keyIn(Channels.WALLET_NAMESPACE, "wallet.0x5290")).isEqualTo("0x5290");
    assertThat(Channels.keyIn(Channels.PRICES_NAMESPACE, "prices.ETH.X")).isEqualTo("ETH.X");
    assertThat(Channels.keyIn(Channels.WALLET_NAMESPACE, "wallets.0x5290")).isNull();
    assertThat(Channels.keyIn(Channels.WALLET_NAMESPACE, "wallet")).isNull();
    assertThat(Channels.keyIn(Channels.WALLET_NAMESPACE, null)).isNull();
  }
}
