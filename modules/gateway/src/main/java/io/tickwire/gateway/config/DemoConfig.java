package io.tickwire.gateway.config;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code demo} section: the demo user of the dev profile, whose wallets the simulated chain
 * moves funds between so the dashboard shows activity. {@code GET /dev/demo} hands out a token
 * for it (only where dev tokens are on).
 *
 * @param user the demo user's subject ({@value #DEFAULT_USER})
 * @param wallets the demo user's wallets, lower-case hex addresses
 */
public record DemoConfig(String user, List<String> wallets) {

  public static final String DEFAULT_USER = "demo";

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

  public DemoConfig {
    wallets = wallets.stream().map(wallet -> wallet.toLowerCase(Locale.ROOT)).toList();
    for (String wallet : wallets) {
      if (!ADDRESS.matcher(wallet).matches()) {
        throw new ConfigException("demo.wallets", "'" + wallet + "' is not a 0x-prefixed 20-byte hex address");
      }
    }
  }

  public static DemoConfig from(Section section) {
    DemoConfig config = new DemoConfig(section.string("user", DEFAULT_USER),
        section.strings("wallets", List.of()));
    section.done();
    return config;
  }
}
