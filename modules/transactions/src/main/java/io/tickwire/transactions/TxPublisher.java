package io.tickwire.transactions;

import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.Channels;
import io.tickwire.runtime.ChannelPublisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the monitor tells the world: transitions on {@code tx.<hash>} and on the wallet channels
 * of sender and receiver (those watched), token transfers and balances on
 * {@code wallet.<address>}, heads, reorgs and the chain source's connection status on
 * {@code blocks}, and every transition, balance change and token transfer status on
 * {@link Addresses#TX_EVENTS}. Channel messages go through the channel log, in order per channel;
 * a failed publication is logged, never retried here. Used on the monitor's event loop.
 */
final class TxPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(TxPublisher.class);

  private final Vertx vertx;
  private final ChannelPublisher channels;

  TxPublisher(Vertx vertx, ChannelPublisher channels) {
    this.vertx = vertx;
    this.channels = channels;
  }

  /** Publishes a transition; {@code watched} says which wallets have their channel fed. */
  Future<Void> transition(Transition transition, Predicate<String> watched) {
    JsonObject data = transition.toJson();
    List<Future<?>> sent = new ArrayList<>();
    sent.add(publish(Channels.tx(transition.hash()), data, transition.idempotencyKey("tx")));
    if (transition.from() != null && watched.test(transition.from())) {
      sent.add(publish(Channels.wallet(transition.from()), data,
          transition.idempotencyKey("from")));
    }
    if (transition.to() != null && !transition.to().equals(transition.from())
        && watched.test(transition.to())) {
      sent.add(publish(Channels.wallet(transition.to()), data, transition.idempotencyKey("to")));
    }
    vertx.eventBus().publish(Addresses.TX_EVENTS,
        data.copy().put("ts", System.currentTimeMillis()));
    return Future.join(sent).mapEmpty();
  }

  /**
   * Publishes a wallet's {@code balance} message ({@link UsdPrices#balance}) on its channel. A
   * change also goes to {@link Addresses#TX_EVENTS}, the same message plus {@code ts}; a
   * {@code snapshot} (the current balances for a new subscriber) does not.
   */
  Future<Void> balance(String address, JsonObject data) {
    if (!data.getBoolean("snapshot", false)) {
      vertx.eventBus().publish(Addresses.TX_EVENTS,
          data.copy().put("ts", System.currentTimeMillis()));
    }
    return publish(Channels.wallet(address), data, null);
  }

  /**
   * Publishes a token transfer's status as a {@code token_transfer} message on the channels of
   * its sender and receiver that are watched, and on {@link Addresses#TX_EVENTS}; {@code token}
   * is the configured token that emitted it (the source drops logs of any other contract).
   */
  Future<Void> tokenTransfer(TokenTransfers.Change change, TokenConfig token,
      Predicate<String> watched) {
    TokenLog log = change.log();
    JsonObject data = new JsonObject().put("type", "token_transfer").put("token", log.token())
        .put("symbol", token.symbol()).put("decimals", token.decimals())
        .put("from", log.from()).put("to", log.to()).put("value", log.value().toString())
        .put("hash", log.hash()).put("logIndex", log.logIndex())
        .put("blockNumber", change.blockNumber()).put("blockHash", change.blockHash())
        .put("status", change.status().wire()).put("confirmations", change.confirmations());
    List<Future<?>> sent = new ArrayList<>();
    if (watched.test(log.from())) {
      sent.add(publish(Channels.wallet(log.from()), data, change.idempotencyKey("from")));
    }
    if (!log.to().equals(log.from()) && watched.test(log.to())) {
      sent.add(publish(Channels.wallet(log.to()), data, change.idempotencyKey("to")));
    }
    vertx.eventBus().publish(Addresses.TX_EVENTS,
        data.copy().put("ts", System.currentTimeMillis()));
    return Future.join(sent).mapEmpty();
  }

  /** A new head on {@code blocks}. */
  Future<Void> block(ChainBlock block) {
    return publish(Channels.BLOCKS, block.toMessage(), null);
  }

  /** A reorg on {@code blocks}: the blocks after {@code forkNumber} were replaced. */
  Future<Void> reorg(long forkNumber, List<String> oldHashes, List<String> newHashes) {
    return publish(Channels.BLOCKS, new JsonObject().put("type", "reorg")
        .put("depth", oldHashes.size()).put("fromNumber", forkNumber + 1)
        .put("oldHashes", new JsonArray(List.copyOf(oldHashes)))
        .put("newHashes", new JsonArray(new ArrayList<>(newHashes))), null);
  }

  /** The chain source connected or lost its node, on {@code blocks}. */
  Future<Void> status(String source, boolean connected) {
    return publish(Channels.BLOCKS, new JsonObject().put("type", "status").put("source", source)
        .put("connected", connected), null);
  }

  private Future<Void> publish(String channel, JsonObject data, String idempotencyKey) {
    return channels.publish(channel, data, idempotencyKey)
        .onFailure(failure -> LOG.warn("could not publish to {}: {}", channel,
            failure.getMessage()))
        .mapEmpty();
  }
}
