package io.tickwire.transactions;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.List;
import java.util.Locale;

/**
 * {@code transactions.simulated}: the simulated chain of {@code make run}. Its wallets are the
 * demo user's (the {@code demo} section, passed in by the launcher), those listed here, and
 * {@code counterparties} generated ones.
 *
 * @param blockTimeMs one block every this often ({@value #DEFAULT_BLOCK_TIME_MS})
 * @param seed the random seed; 0 picks one at start ({@value #DEFAULT_SEED})
 * @param wallets more wallets to move funds between, lower-case
 * @param counterparties generated wallets that trade with them ({@value #DEFAULT_COUNTERPARTIES})
 * @param transfersPerBlock at most this many new transfers per block
 *     ({@value #DEFAULT_TRANSFERS_PER_BLOCK})
 * @param incidentEveryBlocks every this many blocks, one incident on purpose, in turn: a failed
 *     transaction, a dropped one, a replacement, a reorg of depth 1–2; 0 for none
 *     ({@value #DEFAULT_INCIDENT_EVERY_BLOCKS})
 */
public record SimulatedConfig(long blockTimeMs, long seed, List<String> wallets,
    int counterparties, int transfersPerBlock, int incidentEveryBlocks) {

  public static final long DEFAULT_BLOCK_TIME_MS = 2_000;
  public static final long DEFAULT_SEED = 0;
  public static final int DEFAULT_COUNTERPARTIES = 3;
  public static final int DEFAULT_TRANSFERS_PER_BLOCK = 3;
  public static final int DEFAULT_INCIDENT_EVERY_BLOCKS = 4;

  public SimulatedConfig {
    wallets = wallets.stream().map(wallet -> wallet.toLowerCase(Locale.ROOT)).toList();
    for (String wallet : wallets) {
      if (!Hex.isAddress(wallet)) {
        throw new ConfigException("transactions.simulated.wallets",
            "'" + wallet + "' is not a 0x-prefixed 20-byte hex address");
      }
    }
  }

  public static SimulatedConfig defaults() {
    return new SimulatedConfig(DEFAULT_BLOCK_TIME_MS, DEFAULT_SEED, List.of(),
        DEFAULT_COUNTERPARTIES, DEFAULT_TRANSFERS_PER_BLOCK, DEFAULT_INCIDENT_EVERY_BLOCKS);
  }

  static SimulatedConfig from(Section section) {
    SimulatedConfig config = new SimulatedConfig(
        section.longValue("blockTimeMs", DEFAULT_BLOCK_TIME_MS, 50, 3_600_000),
        section.longValue("seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE),
        section.strings("wallets", List.of()),
        section.intValue("counterparties", DEFAULT_COUNTERPARTIES, 0, 100),
        section.intValue("transfersPerBlock", DEFAULT_TRANSFERS_PER_BLOCK, 0, 100),
        section.intValue("incidentEveryBlocks", DEFAULT_INCIDENT_EVERY_BLOCKS, 0, 1_000_000));
    section.done();
    return config;
  }
}
