package io.tickwire.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.NamespacePolicy.Access;
import io.tickwire.channels.NamespacePolicy.Mode;
import io.tickwire.channels.Namespaces;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The channel ACL")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChannelAclTest {

  private static final NamespacePolicy PRICES = policy("prices", Access.PUBLIC);
  private static final NamespacePolicy ACCOUNT = policy("account", Access.AUTHENTICATED);
  private static final NamespacePolicy WALLET = policy("wallet", Access.WALLET);
  private static final NamespacePolicy USER = policy("user", Access.OWNER);

  private final ChannelAcl acl = new ChannelAcl(new Namespaces(Map.of("prices", PRICES,
      "account", ACCOUNT, "wallet", WALLET, "user", USER)));
  private final Principal alice = new Principal("alice", Set.of("0xabcd", "0x1234"),
      Long.MAX_VALUE);
  private final Principal bob = new Principal("bob", Set.of(), Long.MAX_VALUE);

  @Test
  @DisplayName("lets anyone, with or without a token, into a public namespace")
  void publicAccess() {
    assertThat(acl.check(Principal.ANONYMOUS, "prices.BTC-USD")).isSameAs(PRICES);
    assertThat(acl.check(alice, "prices.BTC-USD")).isSameAs(PRICES);
  }

  @Test
  @DisplayName("lets any token into an authenticated namespace and refuses anonymous with unauthorized")
  void authenticatedAccess() {
    assertThat(acl.check(bob, "account.feed")).isSameAs(ACCOUNT);
    assertRefused(Principal.ANONYMOUS, "account.feed", ErrorCode.UNAUTHORIZED);
  }

  @Test
  @DisplayName("lets a token into its own wallet channels, whatever the case of the address")
  void ownWallet() {
    assertThat(acl.check(alice, "wallet.0xabcd")).isSameAs(WALLET);
    assertThat(acl.check(alice, "wallet.0xABCD")).isSameAs(WALLET);
    assertThat(acl.check(alice, "wallet.0x1234")).isSameAs(WALLET);
  }

  @Test
  @DisplayName("refuses a foreign wallet with forbidden and an anonymous one with unauthorized")
  void foreignWallet() {
    ProtocolException foreign = assertRefused(alice, "wallet.0xBEEF", ErrorCode.FORBIDDEN);
    assertThat(foreign.getMessage()).contains("0xBEEF");
    assertRefused(bob, "wallet.0xabcd", ErrorCode.FORBIDDEN);
    assertRefused(Principal.ANONYMOUS, "wallet.0xabcd", ErrorCode.UNAUTHORIZED);
  }

  @Test
  @DisplayName("lets only the owner into a user channel")
  void owner() {
    assertThat(acl.check(alice, "user.alice")).isSameAs(USER);
    assertThat(acl.check(bob, "user.bob")).isSameAs(USER);
    assertRefused(bob, "user.alice", ErrorCode.FORBIDDEN);
    assertRefused(Principal.ANONYMOUS, "user.alice", ErrorCode.UNAUTHORIZED);
  }

  @Test
  @DisplayName("refuses a bad name with bad_request and an unknown namespace with not_found")
  void badChannels() {
    assertRefused(alice, "bad name", ErrorCode.BAD_REQUEST);
    assertRefused(alice, "nope.x", ErrorCode.NOT_FOUND);
  }

  private ProtocolException assertRefused(Principal principal, String channel, ErrorCode code) {
    ProtocolException refused = catchThrowableOfType(ProtocolException.class,
        () -> acl.check(principal, channel));
    assertThat(refused).as("refusal of %s for %s", channel, principal.user()).isNotNull();
    assertThat(refused.code()).isEqualTo(code);
    assertThat(refused.channel()).isEqualTo(channel);
    return refused;
  }

  private static NamespacePolicy policy(String name, Access access) {
    return new NamespacePolicy(name, access, Mode.STREAM, 10, 1_000);
  }
}
