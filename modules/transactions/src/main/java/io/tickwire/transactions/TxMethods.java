package io.tickwire.transactions;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.MethodCall;
import io.tickwire.runtime.Methods;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The transaction monitor's request methods: {@code tx.get}, {@code tx.watch},
 * {@code wallets.watch}, {@code wallets.unwatch}, {@code wallets.balance}. Input is checked
 * first ({@code bad_request}), then the caller ({@code unauthorized}, {@code forbidden} for a
 * wallet not in the token's {@code wallets} claim). Runs on the monitor's event loop.
 */
final class TxMethods {

  private final TxQueries queries;

  private TxMethods(TxQueries queries) {
    this.queries = queries;
  }

  /** Registers every method; completes when all are registered. */
  static Future<Void> register(Vertx vertx, TxQueries queries) {
    TxMethods methods = new TxMethods(queries);
    return Future.all(
        Methods.register(vertx, "tx.get", methods::get).completion(),
        Methods.register(vertx, "tx.watch", methods::watch).completion(),
        Methods.register(vertx, "wallets.watch", methods::watchWallet).completion(),
        Methods.register(vertx, "wallets.unwatch", methods::unwatchWallet).completion(),
        Methods.register(vertx, "wallets.balance", methods::balance).completion()).mapEmpty();
  }

  /** {@code tx.get {hash}}: the status of any transaction; anyone may ask. */
  private Future<JsonObject> get(MethodCall call) {
    return queries.status(Hex.hash(call.data().getValue("hash"), "hash"));
  }

  /**
   * {@code tx.watch {hash}}: follows it on {@code tx.<hash>}; needs a token, and answers once
   * the watch is saved. At most {@code transactions.maxWatchesPerUser} per user.
   */
  private Future<JsonObject> watch(MethodCall call) {
    String hash = Hex.hash(call.data().getValue("hash"), "hash");
    call.requireUser();
    return queries.watchTransaction(hash, call.user());
  }

  /** {@code wallets.watch {address}}: one of the token's wallets, watched until unwatched. */
  private Future<JsonObject> watchWallet(MethodCall call) {
    return queries.watchWallet(ownWallet(call), call.user());
  }

  /** {@code wallets.unwatch {address}}: this user no longer watches it. */
  private Future<JsonObject> unwatchWallet(MethodCall call) {
    return queries.unwatchWallet(ownWallet(call), call.user());
  }

  /**
   * {@code wallets.balance {address}}: the balances of one of the token's wallets — ether in wei
   * and each configured token — valued in USD, as in the {@code balance} message.
   */
  private Future<JsonObject> balance(MethodCall call) {
    return queries.balance(ownWallet(call));
  }

  private static String ownWallet(MethodCall call) {
    String address = Hex.address(call.data().getValue("address"), "address");
    call.requireUser();
    if (!call.wallets().contains(address)) {
      throw new ProtocolException(ErrorCode.FORBIDDEN,
          "this token's wallets do not include " + address);
    }
    return address;
  }
}
