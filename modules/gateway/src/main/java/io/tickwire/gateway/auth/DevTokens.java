package io.tickwire.gateway.auth;

import io.tickwire.gateway.api.HttpErrors;
import io.tickwire.gateway.config.DemoConfig;
import io.tickwire.protocol.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /dev/token?sub=<user>&wallets=<a,b>&desks=<x,y>}: a signed HS256 token for trying
 * tickwire out, with a {@code desks} claim (the dev profile's {@code desk} namespace) when asked;
 * {@code GET /dev/demo}: the demo user, its wallets, its desks and a token for it. Mounted only when
 * {@code auth.devTokens} is on, which only the dev profile does.
 */
public final class DevTokens {

  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");
  private static final Pattern WALLET = Pattern.compile("[A-Za-z0-9]{1,128}");
  private static final Pattern DESK = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** Desks one dev token may list. */
  private static final int MAX_DESKS = 32;

  private DevTokens() {
  }

  public static void mount(Router router, Authenticator authenticator, DemoConfig demo) {
    router.get("/dev/demo").handler(rc -> rc.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("user", demo.user())
            .put("wallets", new io.vertx.core.json.JsonArray(demo.wallets()))
            .put("desks", new io.vertx.core.json.JsonArray(demo.desks()))
            .put("token", authenticator.devToken(demo.user(), demo.wallets(), demo.desks()))
            .encode()));
    router.get("/dev/token").handler(rc -> {
      String user = rc.request().getParam("sub");
      if (user == null || !USER.matcher(user).matches()) {
        HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST,
            "query 'sub' is required: 1 to 128 of A-Z a-z 0-9 _ . @ -");
        return;
      }
      String param = rc.request().getParam("wallets");
      List<String> wallets = param == null ? List.of() : Arrays.stream(param.split(","))
          .map(String::trim).filter(wallet -> !wallet.isEmpty()).toList();
      if (wallets.stream().anyMatch(wallet -> !WALLET.matcher(wallet).matches())) {
        HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST,
            "query 'wallets' must be comma-separated alphanumeric addresses");
        return;
      }
      String deskParam = rc.request().getParam("desks");
      List<String> desks = deskParam == null ? List.of() : Arrays.stream(deskParam.split(","))
          .map(String::trim).filter(desk -> !desk.isEmpty()).distinct().toList();
      if (desks.size() > MAX_DESKS || desks.stream().anyMatch(d -> !DESK.matcher(d).matches())) {
        HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST, "query 'desks' must be at most "
            + MAX_DESKS + " comma-separated names of 1 to 64 of A-Z a-z 0-9 _ -");
        return;
      }
      rc.response().putHeader("content-type", "application/json").end(new JsonObject()
          .put("token", authenticator.devToken(user, wallets, desks)).encode());
    });
  }
}
