package io.tickwire.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The wallet index")
class WalletIndexTest {

  static final String WALLET = "0x52908400098527886e0f7030069857d2e4169ee7";
  static final String OTHER = "0x8617e340b3d01fa5f11f306f4090fd50e238070d";

  final WalletIndex index = new WalletIndex();
  final List<Fired> fired = new ArrayList<>();

  static Rule balance(String id, Condition condition, long amount, boolean once) {
    RuleSpec spec = new RuleSpec(condition, null, null, null, null, null, WALLET,
        BigInteger.valueOf(amount), null, once, 0, null, null, null);
    return Rule.of(id, "alice", spec);
  }

  static Rule tx(String id, String status) {
    return Rule.of(id, "alice", new RuleSpec(Condition.TX_STATUS, null, null, null, null, null,
        WALLET, null, status, false, 0, null, null, null));
  }

  static JsonObject transition(String hash, String from, String to, String state) {
    return new JsonObject().put("type", "transition").put("hash", hash).put("from", from)
        .put("to", to).put("fromState", "pending").put("toState", state);
  }

  @Test
  @DisplayName("fires balance rules on the first balance that meets them and on crossings")
  void balances() {
    index.add(balance("low", Condition.BALANCE_BELOW, 1_000, false));
    index.add(balance("high", Condition.BALANCE_ABOVE, 5_000, true));
    index.onBalance(WALLET, BigInteger.valueOf(800), 1, fired::add);
    assertThat(fired).extracting(f -> f.rule().id()).containsExactly("low");
    fired.clear();
    index.onBalance(WALLET, BigInteger.valueOf(900), 2, fired::add);
    assertThat(fired).isEmpty();
    index.onBalance(WALLET, BigInteger.valueOf(6_000), 3, fired::add);
    assertThat(fired).extracting(f -> f.rule().id()).containsExactly("high");
    assertThat(fired.get(0).facts().getString("balance")).isEqualTo("6000");
    fired.clear();
    index.onBalance(WALLET, BigInteger.valueOf(999), 4, fired::add);
    index.onBalance(WALLET, BigInteger.valueOf(7_000), 5, fired::add);
    assertThat(fired).extracting(f -> f.rule().id()).containsExactly("low");
    assertThat(index.contains("high")).isFalse();
  }

  @Test
  @DisplayName("fires tx_status rules of the sender or receiver with a firing id per transaction")
  void transactions() {
    index.add(tx("confirmed", "confirmed"));
    index.add(tx("failed", "failed"));
    index.onTransition(transition("0xaa", OTHER, WALLET, "confirmed"), 1, fired::add);
    index.onTransition(transition("0xbb", WALLET.toUpperCase().replace("0X", "0x"), OTHER,
        "failed"), 2, fired::add);
    index.onTransition(transition("0xcc", OTHER, OTHER, "confirmed"), 3, fired::add);
    assertThat(fired).extracting(Fired::firingId)
        .containsExactly("confirmed:0xaa:confirmed", "failed:0xbb:failed");
    assertThat(index.remove("confirmed")).isTrue();
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  @DisplayName("a rule on a token balance follows that token's balance only, not the native one")
  void tokenBalances() {
    String token = "0x" + "7".repeat(40);
    index.add(Rule.of("tkn", "alice", new RuleSpec(Condition.BALANCE_ABOVE, null, null, null,
        null, null, WALLET, BigInteger.valueOf(100), null, false, 0, null, null, null, token)));
    index.add(balance("eth", Condition.BALANCE_ABOVE, 1_000, false));
    index.onBalance(WALLET, token, BigInteger.valueOf(50), 1, fired::add);
    index.onBalance(WALLET, BigInteger.valueOf(500), 1, fired::add);
    assertThat(fired).isEmpty();
    index.onBalance(WALLET, "0x" + "8".repeat(40), BigInteger.valueOf(5_000), 2, fired::add);
    assertThat(fired).isEmpty();
    index.onBalance(WALLET, token, BigInteger.valueOf(150), 3, fired::add);
    assertThat(fired).extracting(f -> f.rule().id()).containsExactly("tkn");
    assertThat(fired.get(0).facts().getString("token")).isEqualTo(token);
    assertThat(fired.get(0).facts().getString("balance")).isEqualTo("150");
    fired.clear();
    index.onBalance(WALLET, BigInteger.valueOf(2_000), 4, fired::add);
    assertThat(fired).extracting(f -> f.rule().id()).containsExactly("eth");
    assertThat(fired.get(0).facts().containsKey("token")).isFalse();
    assertThat(index.remove("tkn")).isTrue();
    assertThat(index.size()).isEqualTo(1);
  }
}
