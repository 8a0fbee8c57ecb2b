package io.tickwire.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The price index")
class PriceIndexTest {

  final PriceIndex index = new PriceIndex();
  final List<Fired> fired = new ArrayList<>();

  static Rule rule(String id, RuleSpec spec) {
    return Rule.of(id, "alice", spec);
  }

  void tick(double price, long ts) {
    index.onTick("BTC-USD", price, ts, fired::add);
  }

  List<String> firedIds() {
    List<String> ids = fired.stream().map(f -> f.rule().id()).toList();
    fired.clear();
    return ids;
  }

  @Test
  @DisplayName("fires an above rule when the price rises through its level, once")
  void aboveOnce() {
    index.add(rule("a", RuleSpec.price(Condition.ABOVE, "BTC-USD", 65_000, null)));
    tick(64_000, 1);
    assertThat(firedIds()).isEmpty();
    tick(65_500, 2);
    assertThat(fired).singleElement().satisfies(f -> {
      assertThat(f.number()).isEqualTo(1);
      assertThat(f.firingId()).isEqualTo("a:1");
      assertThat(f.facts().getDouble("price")).isEqualTo(65_500);
      assertThat(f.facts().getDouble("previous")).isEqualTo(64_000);
    });
    fired.clear();
    assertThat(index.contains("a")).isFalse();
    tick(64_000, 3);
    tick(66_000, 4);
    assertThat(firedIds()).isEmpty();
  }

  @Test
  @DisplayName("fires above and below rules on their first tick when the condition already holds")
  void levelHoldsAtStart() {
    tick(70_000, 1);
    index.add(rule("a", RuleSpec.price(Condition.ABOVE, "BTC-USD", 65_000, null)));
    index.add(rule("b", RuleSpec.price(Condition.BELOW, "BTC-USD", 65_000, null)));
    index.add(rule("c", RuleSpec.price(Condition.BELOW, "BTC-USD", 71_000, null)));
    tick(70_001, 2);
    assertThat(firedIds()).containsExactlyInAnyOrder("a", "c");
    tick(64_000, 3);
    assertThat(firedIds()).containsExactly("b");
  }

  @Test
  @DisplayName("fires crosses rules only on a real crossing, in the asked direction")
  void crosses() {
    tick(100, 1);
    index.add(rule("either", RuleSpec.price(Condition.CROSSES, "BTC-USD", 105, "either")
        .every(0)));
    index.add(rule("up", RuleSpec.price(Condition.CROSSES, "BTC-USD", 105, "up").every(0)));
    index.add(rule("down", RuleSpec.price(Condition.CROSSES, "BTC-USD", 105, "down").every(0)));
    tick(104, 2);
    assertThat(firedIds()).isEmpty();
    tick(105, 3);
    assertThat(firedIds()).containsExactlyInAnyOrder("either", "up");
    tick(105, 4);
    assertThat(firedIds()).isEmpty();
    tick(104.99, 5);
    assertThat(firedIds()).containsExactlyInAnyOrder("either", "down");
  }

  @Test
  @DisplayName("fires exactly the levels a tick passes over, however many rules there are")
  void onlyLevelsPassed() {
    tick(50_000, 1);
    for (int i = 0; i < 100_000; i++) {
      index.add(rule("r" + i, RuleSpec.price(Condition.CROSSES, "BTC-USD", 40_000 + i,
          "either")));
    }
    tick(50_002.5, 2);
    // Levels 50,001 and 50,002 lie in (50,000, 50,002.5]; once rules leave after firing.
    assertThat(firedIds()).containsExactly("r10001", "r10002");
    assertThat(index.size()).isEqualTo(99_998);
    tick(49_998.5, 3);
    assertThat(firedIds()).containsExactly("r9999", "r10000");
  }

  @Test
  @DisplayName("keeps an every rule and skips crossings inside its cooldown (event time)")
  void everyWithCooldown() {
    index.add(rule("e", RuleSpec.price(Condition.ABOVE, "BTC-USD", 100, null).every(200)));
    tick(90, 1_000);
    tick(110, 1_001);
    assertThat(firedIds()).containsExactly("e");
    tick(90, 1_002);
    tick(110, 1_100);
    assertThat(firedIds()).isEmpty();
    tick(90, 1_150);
    tick(110, 1_201);
    assertThat(fired).singleElement().satisfies(f -> assertThat(f.number()).isEqualTo(2));
  }

  static Rule fired(String id, RuleSpec spec, long lastFiredAt) {
    return new Rule(id, "alice", spec, RuleState.ACTIVE, 0, 0, 1, lastFiredAt);
  }

  @Test
  @DisplayName("after a restart, an every rule that fired waits for a new crossing to fire again")
  void loadedEveryRuleNeedsNewCrossing() {
    index.load(fired("above", RuleSpec.price(Condition.ABOVE, "BTC-USD", 100, null).every(200),
        1_000));
    index.load(fired("below", RuleSpec.price(Condition.BELOW, "BTC-USD", 50, null).every(200),
        1_000));
    tick(110, 5_000);
    tick(111, 6_000);
    assertThat(firedIds()).as("the condition still holds, past the cooldown").isEmpty();
    tick(90, 7_000);
    assertThat(firedIds()).isEmpty();
    tick(105, 8_000);
    assertThat(fired).singleElement().satisfies(f -> {
      assertThat(f.rule().id()).isEqualTo("above");
      assertThat(f.number()).isEqualTo(2);
    });
    fired.clear();
    tick(45, 9_000);
    assertThat(firedIds()).containsExactly("below");
  }

  @Test
  @DisplayName("after a restart, rules that never fired, and once rules, still fire on their first tick")
  void loadedFreshRulesFireAtOnce() {
    index.load(rule("every", RuleSpec.price(Condition.ABOVE, "BTC-USD", 100, null).every(200)));
    index.load(fired("once", RuleSpec.price(Condition.ABOVE, "BTC-USD", 100, null), 1_000));
    index.add(fired("changed", RuleSpec.price(Condition.ABOVE, "BTC-USD", 100, null).every(200),
        1_000));
    tick(110, 5_000);
    assertThat(firedIds()).containsExactlyInAnyOrder("every", "once", "changed");
  }

  @Test
  @DisplayName("fires change_pct rules when the move from the window's low or high reaches pct")
  void changePct() {
    index.add(rule("up5", RuleSpec.change("BTC-USD", 5, 3_600_000, "up")));
    index.add(rule("down3", RuleSpec.change("BTC-USD", 3, 3_600_000, "down").every(0)));
    tick(100, 0);
    tick(104, 60_000);
    assertThat(firedIds()).isEmpty();
    tick(105, 120_000);
    assertThat(fired).singleElement().satisfies(f -> {
      assertThat(f.rule().id()).isEqualTo("up5");
      assertThat(f.facts().getDouble("change")).isEqualTo(5.0);
      assertThat(f.facts().getDouble("from")).isEqualTo(100.0);
    });
    fired.clear();
    tick(101.8, 180_000);
    assertThat(firedIds()).containsExactly("down3");
    // An hour later the high of 105 has left the window: the drop is measured from 101.9.
    tick(101.9, 3_800_000);
    tick(99, 3_900_000);
    assertThat(firedIds()).isEmpty();
    tick(98.7, 3_950_000);
    assertThat(firedIds()).containsExactly("down3");
  }

  @Test
  @DisplayName("forgets removed rules and ignores other symbols")
  void removeAndSymbols() {
    index.add(rule("a", RuleSpec.price(Condition.ABOVE, "BTC-USD", 100, null)));
    index.add(rule("b", RuleSpec.change("BTC-USD", 1, 60_000, "either")));
    index.onTick("ETH-USD", 200, 1, fired::add);
    assertThat(index.remove("a")).isTrue();
    assertThat(index.remove("b")).isTrue();
    assertThat(index.remove("a")).isFalse();
    tick(150, 2);
    tick(100, 3);
    assertThat(firedIds()).isEmpty();
    assertThat(index.size()).isZero();
  }
}
