package io.tickwire.transactions;

import io.tickwire.testkit.core.Await;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real ERC-20 token on {@link Anvil}: OpenZeppelin's compiled {@code ERC20PresetMinterPauser}
 * (the npm package {@code @openzeppelin/contracts} 4.x, installed with anvil from the lock file
 * in {@code modules/transactions/anvil}), deployed by an unlocked dev account that may then mint.
 */
final class Erc20 {

  static final BigInteger ONE = BigInteger.TEN.pow(18);
  private static final String MINT = "0x40c10f19";
  private static final String TRANSFER = "0xa9059cbb";

  final Anvil anvil;
  final String address;
  final String owner;

  private Erc20(Anvil anvil, String address, String owner) {
    this.anvil = anvil;
    this.address = address;
    this.owner = owner;
  }

  /** Deploys a token named {@code name} with {@code symbol} from {@code owner}; waits for it. */
  static Erc20 deploy(Anvil anvil, String owner, String name, String symbol) {
    String bytecode = artifact().getString("bytecode");
    String constructor = word(BigInteger.valueOf(64)) + word(BigInteger.valueOf(128))
        + string(name) + string(symbol);
    String hash = anvil.send(new JsonObject().put("from", owner).put("data", bytecode + constructor)
        .put("gas", "0x500000"));
    JsonObject receipt = receipt(anvil, hash);
    if (!"0x1".equals(receipt.getString("status"))) {
      throw new AssertionError("the token's deployment failed: " + receipt.encode());
    }
    return new Erc20(anvil, receipt.getString("contractAddress").toLowerCase(), owner);
  }

  /** Mints {@code amount} to {@code to}; answers the transaction hash. */
  String mint(String to, BigInteger amount) {
    return call(owner, MINT + address(to) + word(amount));
  }

  /** Sends {@code amount} from {@code from} to {@code to}; answers the transaction hash. */
  String transfer(String from, String to, BigInteger amount) {
    return call(from, TRANSFER + address(to) + word(amount));
  }

  /** The raw balance of {@code holder} as the token answers it now. */
  BigInteger balanceOf(String holder) {
    return Hex.bigQuantity(anvil.text("eth_call", new JsonObject().put("to", address)
        .put("data", "0x70a08231" + address(holder)), "latest"));
  }

  static JsonObject receipt(Anvil anvil, String hash) {
    AtomicReference<JsonObject> found = new AtomicReference<>();
    Await.until("the receipt of " + hash, () -> {
      found.set((JsonObject) anvil.rpc("eth_getTransactionReceipt", hash));
      return found.get() != null;
    });
    return found.get();
  }

  private String call(String from, String data) {
    return anvil.send(new JsonObject().put("from", from).put("to", address).put("data", data)
        .put("gas", "0x100000"));
  }

  private static JsonObject artifact() {
    Path file = Path.of(System.getProperty("tickwire.anvil.dir", "anvil"), "node_modules",
        "@openzeppelin", "contracts", "build", "contracts", "ERC20PresetMinterPauser.json");
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new AssertionError("the compiled ERC-20 is not installed at " + file
          + " (the build installs @openzeppelin/contracts with anvil): " + e, e);
    }
  }

  private static String word(BigInteger value) {
    String hex = value.toString(16);
    return "0".repeat(64 - hex.length()) + hex;
  }

  private static String address(String address) {
    return "0".repeat(24) + address.substring(2).toLowerCase();
  }

  private static String string(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    String hex = HexFormat.of().formatHex(bytes);
    int padded = (bytes.length + 31) / 32 * 64;
    return word(BigInteger.valueOf(bytes.length)) + hex + "0".repeat(padded - hex.length());
  }
}
