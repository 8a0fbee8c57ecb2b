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
 * @param desks the desks of the {@code desk} namespace the demo token may join ({@code desks}
 *     claim), {@value #DEFAULT_DESK} by default
 */
public record DemoConfig(String user, List<String> wallets, List<String> desks) {

  public static final String DEFAULT_USER = "demo";
  public static final String DEFAULT_DESK = "alpha";
  /** Desks the demo token may list, as for {@code /dev/token}. */
  public static final int MAX_DESKS = 32;

  private static final Pattern DESK = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

  public DemoConfig {
    wallets = wallets.stream().map(wallet -> wallet.toLowerCase(Locale.ROOT)).toList();
    for (String wallet : wallets) {
      if (!ADDRESS.matcher(wallet).matches()) {
        throw new ConfigException("demo.wallets", "'" + wallet + "' is not a 0x-prefixed 20-byte hex address");
      }
    }
    desks = desks.stream().distinct().toList();
    if (desks.size() > MAX_DESKS) {
      throw new ConfigException("demo.desks", "at most " + MAX_DESKS + " desks, not " + desks.size());
    }
    for (String desk : desks) {
      if (!DESK.matcher(desk).matches()) {
        throw new ConfigException("demo.desks", "'" + desk + "' is not 1 to 64 of A-Z a-z 0-9 _ -");
      }
    }
  }

  public static DemoConfig from(Section section) {
    DemoConfig config = new DemoConfig(section.string("user", DEFAULT_USER),
        section.strings("wallets", List.of()), section.strings("desks", List.of(DEFAULT_DESK)));
    section.done();
    return config;
  }
}
