package io.tickwire.notifications;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a user wants to be notified: channels on or off, the webhook URL (and whether a 410 from
 * it disabled it), the e-mail address, quiet hours and mute-all. Immutable; the webhook secret
 * is kept beside it, never in it.
 *
 * @param websocket deliver on {@code user.<id>}
 * @param webhook POST to {@code webhookUrl}
 * @param email mail to {@code emailAddress}
 * @param webhookUrl where webhooks go, or {@code null}
 * @param webhookDisabledReason why the endpoint was disabled (it answered 410), or {@code null}
 * @param emailAddress where mails go, or {@code null}
 * @param quietHours when webhooks and mails wait, or {@code null}
 * @param muteAll deliver nothing (notifications are still recorded and listed)
 */
record Preferences(boolean websocket, boolean webhook, boolean email, String webhookUrl,
    String webhookDisabledReason, String emailAddress, QuietHours quietHours, boolean muteAll) {

  static final Preferences DEFAULT = new Preferences(true, false, false, null, null, null, null,
      false);
  static final int MAX_URL_CHARS = 2_048;

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
  private static final Set<String> FIELDS = Set.of("channels", "webhook", "email", "quietHours",
      "muteAll");

  /** Whether webhooks can go out: on, a URL, and not disabled by a 410. */
  boolean webhookActive() {
    return webhook && webhookUrl != null && webhookDisabledReason == null;
  }

  boolean emailActive() {
    return email && emailAddress != null;
  }

  Preferences withWebhookDisabled(String reason) {
    return new Preferences(websocket, webhook, email, webhookUrl, reason, emailAddress,
        quietHours, muteAll);
  }

  /** What {@code preferences.get} answers; {@code secretSet} says whether a secret exists. */
  JsonObject toJson(boolean secretSet) {
    return new JsonObject()
        .put("channels", new JsonObject().put("websocket", websocket).put("webhook", webhook)
            .put("email", email))
        .put("webhook", new JsonObject().put("url", webhookUrl)
            .put("disabled", webhookDisabledReason != null)
            .put("disabledReason", webhookDisabledReason).put("secretSet", secretSet))
        .put("email", new JsonObject().put("address", emailAddress))
        .put("quietHours", quietHours == null ? null : quietHours.toJson())
        .put("muteAll", muteAll);
  }

  /** The stored form. */
  JsonObject toStored() {
    return toJson(false);
  }

  static Preferences fromStored(JsonObject json) {
    JsonObject channels = json.getJsonObject("channels");
    JsonObject webhook = json.getJsonObject("webhook");
    JsonObject quiet = json.getJsonObject("quietHours");
    return new Preferences(channels.getBoolean("websocket"), channels.getBoolean("webhook"),
        channels.getBoolean("email"), webhook.getString("url"),
        webhook.getString("disabledReason"), json.getJsonObject("email").getString("address"),
        quiet == null ? null : QuietHours.fromJson(quiet), json.getBoolean("muteAll"));
  }

  /** What {@link #apply} made: the new preferences and whether a new secret is due. */
  record Change(Preferences preferences, boolean newSecret) {
  }

  /**
   * Applies a {@code preferences.set} request: only the given fields change. A new webhook URL
   * re-enables a disabled endpoint and asks for a new secret, as does
   * {@code webhook.rotateSecret}.
   *
   * @param hasSecret whether the user already has a webhook secret
   * @throws ProtocolException {@code bad_request} naming the bad field
   */
  Change apply(JsonObject changes, boolean allowHttp, boolean hasSecret) {
    for (String field : changes.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw bad("unknown field '" + field + "'; known: " + FIELDS);
      }
    }
    boolean ws = websocket;
    boolean wh = webhook;
    boolean em = email;
    if (changes.containsKey("channels")) {
      JsonObject channels = object(changes, "channels");
      for (String channel : channels.fieldNames()) {
        boolean on = flag(channels, channel, "channels." + channel);
        switch (channel) {
          case "websocket" -> ws = on;
          case "webhook" -> wh = on;
          case "email" -> em = on;
          default -> throw bad("unknown channel 'channels." + channel
              + "'; known: websocket, webhook, email");
        }
      }
    }
    String url = webhookUrl;
    String disabled = webhookDisabledReason;
    boolean newSecret = false;
    if (changes.containsKey("webhook")) {
      JsonObject webhookChanges = object(changes, "webhook");
      for (String field : webhookChanges.fieldNames()) {
        if (!field.equals("url") && !field.equals("rotateSecret")) {
          throw bad("unknown field 'webhook." + field + "'; known: url, rotateSecret");
        }
      }
      if (webhookChanges.containsKey("url")) {
        String newUrl = url(webhookChanges.getValue("url"), allowHttp);
        if (newUrl != null && !newUrl.equals(url)) {
          newSecret = true;
          disabled = null;
        }
        url = newUrl;
      }
      if (webhookChanges.containsKey("rotateSecret")
          && flag(webhookChanges, "rotateSecret", "webhook.rotateSecret")) {
        newSecret = true;
      }
    }
    String address = emailAddress;
    if (changes.containsKey("email")) {
      JsonObject emailChanges = object(changes, "email");
      for (String field : emailChanges.fieldNames()) {
        if (!field.equals("address")) {
          throw bad("unknown field 'email." + field + "'; known: address");
        }
      }
      address = emailAddress(emailChanges.getValue("address"));
    }
    QuietHours quiet = quietHours;
    if (changes.containsKey("quietHours")) {
      Object value = changes.getValue("quietHours");
      quiet = value == null ? null : QuietHours.fromJson(value);
    }
    boolean mute = changes.containsKey("muteAll") ? flag(changes, "muteAll", "muteAll")
        : muteAll;
    if (wh && url == null) {
      throw bad("channel 'webhook' needs 'webhook.url'");
    }
    if (em && address == null) {
      throw bad("channel 'email' needs 'email.address'");
    }
    if (url == null) {
      newSecret = false;
    } else if (!hasSecret) {
      newSecret = true;
    }
    return new Change(new Preferences(ws, wh, em, url, disabled, address, quiet, mute),
        newSecret);
  }

  private static String url(Object value, boolean allowHttp) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.length() > MAX_URL_CHARS) {
      throw bad("field 'webhook.url' must be a URL of at most " + MAX_URL_CHARS + " characters");
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null || !(scheme.equals("https") || allowHttp && scheme.equals("http"))) {
        throw bad("field 'webhook.url' must be an absolute " + (allowHttp ? "http(s)" : "https")
            + " URL with a host");
      }
      if (uri.getUserInfo() != null) {
        throw bad("field 'webhook.url' must not carry credentials");
      }
      return text;
    } catch (URISyntaxException e) {
      throw bad("field 'webhook.url' is not a valid URL: " + e.getReason());
    }
  }

  private static String emailAddress(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.length() > 254 || !EMAIL.matcher(text).matches()) {
      throw bad("field 'email.address' must be an e-mail address");
    }
    return text;
  }

  private static JsonObject object(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof JsonObject object)) {
      throw bad("field '" + field + "' must be an object");
    }
    return object;
  }

  private static boolean flag(JsonObject json, String field, String name) {
    if (!(json.getValue(field) instanceof Boolean on)) {
      throw bad("field '" + name + "' must be true or false");
    }
    return on;
  }

  private static ProtocolException bad(String message) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, message);
  }
}
