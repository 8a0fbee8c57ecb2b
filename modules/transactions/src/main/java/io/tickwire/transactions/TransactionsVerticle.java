package io.tickwire.transactions;

import io.tickwire.runtime.SharedDocuments;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.Channels;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.Urls;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transaction monitor: follows a chain (simulated or an Ethereum node), moves watched
 * transactions through their lifecycle and publishes every transition, watched wallets'
 * balances and new blocks.
 *
 * <p>Produces channel messages on {@code tx.<hash>}, {@code wallet.<address>} and
 * {@code blocks} (through {@link Addresses#CHANNELS_PUBLISH}) and events on
 * {@link Addresses#TX_EVENTS}; serves {@code tickwire.rpc.tx.get}, {@code tx.watch},
 * {@code wallets.watch}, {@code wallets.unwatch}, {@code wallets.balance}; consumes
 * {@code tickwire.subscribers.wallet}, and {@link Addresses#PRICES_UPDATES} for the USD value of
 * balances, and publishes {@link Addresses#SUBSCRIBERS_SYNC} every
 * {@code subscriberSyncMs}, so a wallet is watched while its channel has subscribers. Config:
 * {@code transactions}. Single instance per cluster; everything, including the chain client,
 * runs on its event loop, and the watch store's file I/O on Vert.x's worker threads. Reports
 * {@code transactions} at {@code /health} and meters {@code tickwire.tx.*}.
 */
public final class TransactionsVerticle extends VerticleBase {

  private final TransactionsConfig config;
  private final List<String> demoWallets;
  private final NodeContext node;
  private final SharedDocuments documents;
  private ChainSource source;
  private Monitor monitor;

  /**
   * @param demoWallets the demo user's wallets, which the simulated chain moves funds between
   */
  public TransactionsVerticle(TransactionsConfig config, List<String> demoWallets, NodeContext node) {
    this(config, demoWallets, node, null);
  }

  /**
   * @param documents where a cluster keeps the watch list, or {@code null} for the local file
   *     {@code transactions.storePath}
   */
  public TransactionsVerticle(TransactionsConfig config, List<String> demoWallets, NodeContext node,
      SharedDocuments documents) {
    this.config = config;
    this.demoWallets = List.copyOf(demoWallets);
    this.node = node;
    this.documents = documents;
  }

  @Override
  public Future<?> start() {
    TransactionsMetrics metrics = new TransactionsMetrics(node.registry());
    source = config.simulatedSource() ? simulated() : new EthereumSource(vertx, config.ethereum());
    WatchStore store = documents == null ? new FileWatchStore(vertx, config.storePath())
        : new SharedWatchStore(documents);
    monitor = new Monitor(config, source, store,
        new TxPublisher(vertx, new ChannelPublisher(vertx)), metrics, System::currentTimeMillis);
    node.health().put("transactions", () -> health(metrics));
    return monitor.load()
        .compose(ignored -> TxMethods.register(vertx, monitor.queries))
        .compose(ignored -> vertx.eventBus().<JsonObject>consumer(
            Addresses.subscribers(Channels.WALLET_NAMESPACE), this::subscribers).completion())
        .compose(ignored -> vertx.eventBus().<JsonObject>consumer(Addresses.PRICES_UPDATES,
            update -> monitor.prices.update(update.body())).completion())
        .compose(ignored -> source.start(monitor.follower))
        .onSuccess(ignored -> {
          askSubscribers();
          vertx.setPeriodic(config.subscriberSyncMs(), tick -> {
            askSubscribers();
            monitor.housekeeping();
          });
        });
  }

  @Override
  public Future<?> stop() {
    node.health().remove("transactions");
    return source.stop().eventually(monitor::persist);
  }

  private SimulatedSource simulated() {
    SimulatedConfig simulated = config.simulated();
    long seed = simulated.seed() != 0 ? simulated.seed() : System.nanoTime();
    Set<String> wallets = new LinkedHashSet<>(demoWallets);
    wallets.addAll(simulated.wallets());
    wallets.addAll(SimulatedChain.addresses(seed, simulated.counterparties()));
    if (wallets.size() < 2) {
      throw new IllegalStateException("transactions.simulated needs at least two wallets: "
          + "list some in demo.wallets or transactions.simulated.wallets, or counterparties");
    }
    return new SimulatedSource(vertx, new SimulatedChain(seed, new ArrayList<>(wallets),
        simulated.transfersPerBlock(), simulated.incidentEveryBlocks(),
        System.currentTimeMillis() / 1000, config.tokens()), simulated.blockTimeMs());
  }

  private void askSubscribers() {
    vertx.eventBus().publish(Addresses.SUBSCRIBERS_SYNC,
        new JsonObject().put("namespace", Channels.WALLET_NAMESPACE));
  }

  private void subscribers(Message<JsonObject> message) {
    JsonObject body = message.body();
    String holder = body.getString("holder");
    if (holder == null) {
      return;
    }
    long now = monitor.watches.now();
    if ("sync".equals(body.getString("reason"))) {
      Map<String, Integer> channels = new HashMap<>();
      JsonObject listed = body.getJsonObject("channels", new JsonObject());
      listed.fieldNames().forEach(channel -> channels.put(channel, listed.getInteger(channel)));
      monitor.watches.wallets.sync(holder, channels, now);
    } else {
      String address = monitor.watches.wallets.subscribers(holder, body.getString("channel"),
          body.getInteger("subscribers", 0), now);
      if (address != null && "joined".equals(body.getString("reason"))) {
        monitor.balances.subscriberJoined(address);
      }
    }
    monitor.watches.counts();
  }

  private JsonObject health(TransactionsMetrics metrics) {
    JsonObject detail = new JsonObject()
        .put("status", metrics.isConnected() ? "UP" : "DOWN")
        .put("source", config.source())
        .put("connected", metrics.isConnected())
        .put("head", metrics.head())
        .put("lastBlockAt", metrics.lastBlockAt())
        .put("watchedTransactions", metrics.watchedTransactions())
        .put("watchedWallets", metrics.watchedWallets());
    if (source instanceof EthereumSource ethereum) {
      // Only scheme://host[:port]: a provider's URL carries its API key.
      detail.put("url", Urls.redact(config.ethereum().url()))
          .put("reconnects", ethereum.reconnects());
      String error = ethereum.lastError();
      if (error != null) {
        detail.put("error", error);
      }
    }
    return detail;
  }
}
