package io.tickwire.transactions;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small deterministic blockchain for {@code make run} and tests: wallets that send each other
 * funds, one block per {@link #step}, and now and then on purpose one incident, in turn: a
 * failed transaction, a dropped one (gone from the pool, its nonce used later), a replacement
 * (same sender and nonce, other hash) and a reorg of depth 1–2. Pure: the same seed and calls
 * give the same chain. Not thread-safe.
 */
final class SimulatedChain {

  /** What one step did: the transactions that entered the pool and the new head. */
  record Step(List<ChainTx> pending, long head) {
  }

  enum Incident { FAILED, DROPPED, REPLACED, REORG }

  static final BigInteger FEE = BigInteger.valueOf(21_000L * 1_000_000_000L);
  static final BigInteger START_BALANCE = new BigInteger("10000000000000000000");
  static final int KEEP_BLOCKS = 256;

  private static final class SimTx {
    final ChainTx tx;
    final BigInteger value;
    final boolean fails;
    /** A token transfer's token contract (then {@code tx.to()}), receiver and amount. */
    String token;
    String recipient;
    BigInteger tokenValue;
    /** Steps to keep it out of blocks (an incident is about to happen to it). */
    int hold;
    Incident fate;

    SimTx(ChainTx tx, BigInteger value, boolean fails) {
      this.tx = tx;
      this.value = value;
      this.fails = fails;
    }
  }

  private record SimBlock(long number, String hash, String parentHash, long timestamp,
      List<SimTx> txs, Map<String, BigInteger> balances, Map<String, Long> nonces,
      Map<String, BigInteger> tokenBalances) {
  }

  private final Random random;
  private final List<String> wallets;
  private final int transfersPerBlock;
  private final int incidentEvery;
  private final TreeMap<Long, SimBlock> chain = new TreeMap<>();
  private final List<SimTx> pool = new ArrayList<>();
  private final Map<String, Long> coolingUntil = new HashMap<>();
  private Map<String, BigInteger> balances = new HashMap<>();
  private Map<String, Long> nonces = new HashMap<>();
  private final List<TokenConfig> tokens;
  /** Token balances by token and holder ({@code token:holder}). */
  private Map<String, BigInteger> tokenBalances = new HashMap<>();
  private int turn;

  SimulatedChain(long seed, List<String> wallets, int transfersPerBlock, int incidentEvery,
      long genesisSeconds) {
    this(seed, wallets, transfersPerBlock, incidentEvery, genesisSeconds, List.of());
  }

  /**
   * A chain whose wallets also hold {@code tokens} (1,000 of each to start) and send them to each
   * other: about one transfer in three moves a token instead of ether, a call of the token's
   * contract that emits a {@code Transfer} log.
   */
  SimulatedChain(long seed, List<String> wallets, int transfersPerBlock, int incidentEvery,
      long genesisSeconds, List<TokenConfig> tokens) {
    if (wallets.size() < 2) {
      throw new IllegalArgumentException("a simulated chain needs at least two wallets");
    }
    this.random = new Random(seed);
    this.wallets = List.copyOf(new LinkedHashSet<>(wallets));
    this.transfersPerBlock = transfersPerBlock;
    this.incidentEvery = incidentEvery;
    this.tokens = List.copyOf(tokens);
    for (String wallet : this.wallets) {
      balances.put(wallet, START_BALANCE);
      nonces.put(wallet, 0L);
      for (TokenConfig token : this.tokens) {
        tokenBalances.put(token.address() + ":" + wallet,
            BigInteger.valueOf(1_000).multiply(BigInteger.TEN.pow(token.decimals())));
      }
    }
    chain.put(0L, new SimBlock(0, randomHash(), "0x" + "0".repeat(64), genesisSeconds, List.of(),
        Map.copyOf(balances), Map.copyOf(nonces), Map.copyOf(tokenBalances)));
  }

  /** Makes {@code count} addresses from {@code seed}, for counterparties. */
  static List<String> addresses(long seed, int count) {
    Random random = new Random(seed ^ 0x5DEECE66DL);
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder address = new StringBuilder("0x");
      for (int j = 0; j < 40; j++) {
        address.append(Character.forDigit(random.nextInt(16), 16));
      }
      addresses.add(address.toString());
    }
    return addresses;
  }

  String genesisHash() {
    return chain.firstEntry().getValue().hash();
  }

  long head() {
    return chain.lastKey();
  }

  List<String> wallets() {
    return wallets;
  }

  /**
   * One block time: the incident whose turn it is, a new block of the pool's transactions, and
   * new transfers entering the pool.
   */
  Step step(long nowSeconds) {
    long next = head() + 1;
    Incident incident = incidentEvery > 0 && next % incidentEvery == 0
        ? Incident.values()[turn++ % Incident.values().length] : null;
    List<ChainTx> entered = new ArrayList<>();
    if (incident == Incident.REORG) {
      reorg(1 + random.nextInt(2), nowSeconds);
    }
    mine(nowSeconds);
    fulfilFates(entered);
    List<SimTx> created = transfers(nowSeconds);
    created.forEach(tx -> entered.add(tx.tx));
    if (!created.isEmpty() && incident != null && incident != Incident.REORG) {
      SimTx target = created.get(0);
      if (incident == Incident.FAILED) {
        SimTx failing = new SimTx(target.tx, target.value, true);
        pool.set(pool.indexOf(target), failing);
      } else {
        // Kept out of the next block, so the monitor sees it pending before its fate.
        target.hold = 1;
        target.fate = incident;
      }
    }
    return new Step(entered, head());
  }

  /** The canonical block {@code number}, or {@code null}. */
  ChainBlock block(long number) {
    SimBlock block = chain.get(number);
    if (block == null) {
      return null;
    }
    List<ChainTx> txs = new ArrayList<>();
    block.txs().forEach(tx -> txs.add(located(tx.tx, block)));
    return new ChainBlock(block.number(), block.hash(), block.parentHash(), block.timestamp(), txs);
  }

  /** A transaction in the pool or in a remembered canonical block, or {@code null}. */
  ChainTx transaction(String hash) {
    for (SimTx tx : pool) {
      if (tx.tx.hash().equals(hash)) {
        return tx.tx;
      }
    }
    SimBlock block = blockOf(hash);
    return block == null ? null : located(find(block, hash).tx, block);
  }

  /** The receipt of a transaction in a remembered canonical block, or {@code null}. */
  Receipt receipt(String hash) {
    SimBlock block = blockOf(hash);
    return block == null ? null
        : new Receipt(hash, block.number(), block.hash(), !find(block, hash).fails);
  }

  private SimBlock blockOf(String hash) {
    for (SimBlock block : chain.descendingMap().values()) {
      if (find(block, hash) != null) {
        return block;
      }
    }
    return null;
  }

  private static SimTx find(SimBlock block, String hash) {
    for (SimTx tx : block.txs()) {
      if (tx.tx.hash().equals(hash)) {
        return tx;
      }
    }
    return null;
  }

  /** The balance at block {@code number} (the newest one if it is no longer remembered). */
  BigInteger balance(String address, long number) {
    SimBlock block = chain.get(Math.min(number, head()));
    Map<String, BigInteger> at = block == null ? balances : block.balances();
    return at.getOrDefault(address, BigInteger.ZERO);
  }

  /** The token balance at block {@code number} (the newest one if no longer remembered). */
  BigInteger tokenBalance(String token, String owner, long number) {
    SimBlock block = chain.get(Math.min(number, head()));
    Map<String, BigInteger> at = block == null ? tokenBalances : block.tokenBalances();
    return at.getOrDefault(token + ":" + owner, BigInteger.ZERO);
  }

  /**
   * The {@code Transfer} logs in the remembered canonical block {@code blockHash} of
   * {@code tokens} from or to {@code wallets}; a transaction's log index is its index in the
   * block.
   */
  List<TokenLog> transferLogs(String blockHash, Collection<String> tokens,
      Collection<String> wallets) {
    List<TokenLog> logs = new ArrayList<>();
    for (SimBlock block : chain.values()) {
      if (!block.hash().equals(blockHash)) {
        continue;
      }
      for (int i = 0; i < block.txs().size(); i++) {
        SimTx tx = block.txs().get(i);
        if (tx.token != null && !tx.fails && tokens.contains(tx.token)
            && (wallets.contains(tx.tx.from()) || wallets.contains(tx.recipient))) {
          logs.add(new TokenLog(tx.token, tx.tx.from(), tx.recipient, tx.tokenValue,
              tx.tx.hash(), i, block.number(), block.hash()));
        }
      }
    }
    return logs;
  }

  private void mine(long nowSeconds) {
    SimBlock parent = chain.lastEntry().getValue();
    List<SimTx> included = new ArrayList<>();
    for (Iterator<SimTx> it = pool.iterator(); it.hasNext(); ) {
      SimTx tx = it.next();
      if (tx.hold > 0) {
        tx.hold--;
        continue;
      }
      it.remove();
      included.add(tx);
    }
    append(parent, included, nowSeconds);
  }

  private void append(SimBlock parent, List<SimTx> txs, long nowSeconds) {
    for (SimTx tx : txs) {
      String from = tx.tx.from();
      BigInteger cost = tx.fails ? FEE : tx.value.add(FEE);
      balances.merge(from, cost.negate(), BigInteger::add);
      if (!tx.fails) {
        balances.merge(tx.tx.to(), tx.value, BigInteger::add);
      }
      if (tx.token != null && !tx.fails) {
        tokenBalances.merge(tx.token + ":" + from, tx.tokenValue.negate(), BigInteger::add);
        tokenBalances.merge(tx.token + ":" + tx.recipient, tx.tokenValue, BigInteger::add);
      }
      nonces.merge(from, 1L, Long::sum);
    }
    long number = parent.number() + 1;
    chain.put(number, new SimBlock(number, randomHash(), parent.hash(),
        Math.max(nowSeconds, parent.timestamp() + 1), List.copyOf(txs), Map.copyOf(balances),
        Map.copyOf(nonces), Map.copyOf(tokenBalances)));
    while (chain.size() > KEEP_BLOCKS) {
      chain.pollFirstEntry();
    }
  }

  /** Replaces the newest {@code depth} blocks with as many others; some of their transactions wait. */
  private void reorg(int depth, long nowSeconds) {
    if (head() - depth < chain.firstKey()) {
      return;
    }
    List<SimTx> returned = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      returned.addAll(0, chain.pollLastEntry().getValue().txs());
    }
    SimBlock fork = chain.lastEntry().getValue();
    balances = new HashMap<>(fork.balances());
    nonces = new HashMap<>(fork.nonces());
    tokenBalances = new HashMap<>(fork.tokenBalances());
    List<SimTx> flat = new ArrayList<>();
    List<SimTx> waiting = new ArrayList<>();
    Set<String> delayed = new HashSet<>();
    for (SimTx tx : returned) {
      // A sender's transactions keep their nonce order: once one waits, the later ones wait.
      if (delayed.contains(tx.tx.from()) || random.nextInt(3) == 0) {
        delayed.add(tx.tx.from());
        waiting.add(tx);
      } else {
        flat.add(tx);
      }
    }
    pool.addAll(0, waiting);
    // The first new block takes the earliest of them, the last one the rest.
    int cut = depth == 1 ? flat.size() : random.nextInt(flat.size() + 1);
    SimBlock parent = fork;
    for (int i = 0; i < depth; i++) {
      List<SimTx> txs = i == 0 ? flat.subList(0, cut)
          : i == depth - 1 ? flat.subList(cut, flat.size()) : List.of();
      append(parent, new ArrayList<>(txs), nowSeconds);
      parent = chain.lastEntry().getValue();
    }
  }

  /** Drops or replaces the transactions whose incident is due. */
  private void fulfilFates(List<ChainTx> entered) {
    for (int i = 0; i < pool.size(); i++) {
      SimTx tx = pool.get(i);
      if (tx.fate == null || tx.hold > 0) {
        continue;
      }
      if (tx.fate == Incident.DROPPED) {
        pool.remove(i--);
        // Its nonce is free again; the sender waits a block so the gap is seen first.
        coolingUntil.put(tx.tx.from(), head() + 2);
      } else {
        boolean cancel = random.nextBoolean();
        String to = cancel ? tx.tx.from() : tx.tx.to();
        BigInteger value = cancel ? BigInteger.ZERO : tx.value;
        SimTx replacement = new SimTx(ChainTx.pending(randomHash(), tx.tx.from(), to,
            tx.tx.nonce()), value, false);
        pool.set(i, replacement);
        entered.add(replacement.tx);
      }
    }
  }

  private List<SimTx> transfers(long nowSeconds) {
    List<SimTx> created = new ArrayList<>();
    int count = transfersPerBlock == 0 ? 0 : 1 + random.nextInt(transfersPerBlock);
    Set<String> busy = new HashSet<>();
    pool.forEach(tx -> busy.add(tx.tx.from()));
    for (int i = 0; i < count; i++) {
      String from = wallets.get(random.nextInt(wallets.size()));
      String to = wallets.get(random.nextInt(wallets.size()));
      BigInteger value = BigInteger.valueOf(1 + random.nextInt(500))
          .multiply(BigInteger.TEN.pow(15));
      if (from.equals(to) || busy.contains(from) || coolingUntil.getOrDefault(from, -1L) > head()
          || balances.get(from).compareTo(value.add(FEE)) < 0) {
        continue;
      }
      busy.add(from);
      if (!tokens.isEmpty() && random.nextInt(3) == 0) {
        SimTx tx = tokenTransfer(from, to);
        if (tx != null) {
          pool.add(tx);
          created.add(tx);
        }
        continue;
      }
      SimTx tx = new SimTx(ChainTx.pending(randomHash(), from, to, nonces.get(from)), value,
          false);
      pool.add(tx);
      created.add(tx);
    }
    return created;
  }

  /** A call of a token's contract moving some of it from {@code from} to {@code to}, or null. */
  private SimTx tokenTransfer(String from, String to) {
    TokenConfig token = tokens.get(random.nextInt(tokens.size()));
    BigInteger amount = BigInteger.valueOf(1 + random.nextInt(500))
        .multiply(BigInteger.TEN.pow(Math.max(0, token.decimals() - 1)));
    // What the pool already moves out of the sender is not checked: one pending transfer each.
    if (tokenBalances.getOrDefault(token.address() + ":" + from, BigInteger.ZERO)
        .compareTo(amount) < 0) {
      return null;
    }
    SimTx tx = new SimTx(ChainTx.pending(randomHash(), from, token.address(), nonces.get(from)),
        BigInteger.ZERO, false);
    tx.token = token.address();
    tx.recipient = to;
    tx.tokenValue = amount;
    return tx;
  }

  private static ChainTx located(ChainTx tx, SimBlock block) {
    return new ChainTx(tx.hash(), tx.from(), tx.to(), tx.nonce(), block.number(), block.hash());
  }

  private String randomHash() {
    return String.format("0x%016x%016x%016x%016x", random.nextLong(), random.nextLong(),
        random.nextLong(), random.nextLong());
  }
}
