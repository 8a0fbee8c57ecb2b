package io.tickwire.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The node's bans")
class BansTest {

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final Bans bans = new Bans(nanos::get);

  private void advanceMs(long ms) {
    nanos.addAndGet(ms * 1_000_000);
  }

  @Test
  @DisplayName("refuse a banned user with forbidden until the ban ends, then admit them")
  void banEnds() {
    Principal alice = new Principal("alice", Set.of(), Long.MAX_VALUE);
    bans.ban("alice", 2);
    Future<Principal> refused = bans.admit(alice);
    assertThat(refused.failed()).isTrue();
    assertThat(((ProtocolException) refused.cause()).code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(refused.cause().getMessage()).contains("alice").contains("2 s");
    advanceMs(1_999);
    assertThat(bans.remainingMs("alice")).isEqualTo(1);
    advanceMs(1);
    assertThat(bans.admit(alice).succeeded()).isTrue();
    assertThat(bans.size()).as("an ended ban is forgotten once looked at").isZero();
    assertThat(bans.admit(Principal.ANONYMOUS).succeeded()).isTrue();
  }

  @Test
  @DisplayName("keep the longer of two bans, and ignore a ban of 0 s")
  void longerWins() {
    bans.ban("bob", 60);
    bans.ban("bob", 5);
    bans.ban("carol", 0);
    advanceMs(10_000);
    assertThat(bans.remainingMs("bob")).isEqualTo(50_000);
    assertThat(bans.remainingMs("carol")).isZero();
  }

  @Test
  @DisplayName("hold at most MAX_BANS users, dropping ended bans first, then the one that ends soonest")
  void bounded() {
    for (int i = 0; i < Bans.MAX_BANS; i++) {
      bans.ban("user-" + i, i == 0 ? 1 : 3_600);
    }
    bans.ban("late", 3_600);
    assertThat(bans.size()).isEqualTo(Bans.MAX_BANS);
    assertThat(bans.remainingMs("user-0")).as("the ban ending soonest was dropped").isZero();
    assertThat(bans.remainingMs("late")).isPositive();
    advanceMs(2_000);
    bans.ban("later", 10);
    assertThat(bans.size()).isEqualTo(Bans.MAX_BANS);
    assertThat(bans.remainingMs("later")).isPositive();
  }
}
