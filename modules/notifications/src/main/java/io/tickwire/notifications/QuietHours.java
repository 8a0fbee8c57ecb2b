package io.tickwire.notifications;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A daily quiet period in the user's time zone, e.g. 22:00 to 07:00 in Europe/Berlin: webhook
 * and e-mail deliveries falling inside it wait for its end (WebSocket delivery does not). The
 * start is inside, the end is not; a period whose end is before its start spans midnight.
 * Daylight-saving changes follow the zone's rules. Pure.
 */
record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  QuietHours {
    if (start.equals(end)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "field 'quietHours': start and end must differ");
    }
  }

  /** Whether {@code at} is inside the quiet period. */
  boolean contains(Instant at) {
    LocalTime local = at.atZone(zone).toLocalTime();
    return start.isBefore(end)
        ? !local.isBefore(start) && local.isBefore(end)
        : !local.isBefore(start) || local.isBefore(end);
  }

  /** When the quiet period around {@code at} ends; {@code at} itself when it is not quiet. */
  Instant endAfter(Instant at) {
    if (!contains(at)) {
      return at;
    }
    ZonedDateTime local = at.atZone(zone);
    ZonedDateTime end = ZonedDateTime.of(local.toLocalDate(), this.end, zone);
    if (!end.isAfter(local)) {
      end = ZonedDateTime.of(local.toLocalDate().plusDays(1), this.end, zone);
    }
    return end.toInstant();
  }

  JsonObject toJson() {
    return new JsonObject().put("start", HH_MM.format(start)).put("end", HH_MM.format(end))
        .put("timeZone", zone.getId());
  }

  /**
   * Reads {@code {"start": "22:00", "end": "07:00", "timeZone": "Europe/Berlin"}}.
   *
   * @throws ProtocolException {@code bad_request} naming the bad field
   */
  static QuietHours fromJson(Object value) {
    if (!(value instanceof JsonObject json)) {
      throw bad("field 'quietHours' must be {start, end, timeZone} or null");
    }
    for (String field : json.fieldNames()) {
      if (!field.equals("start") && !field.equals("end") && !field.equals("timeZone")) {
        throw bad("field 'quietHours." + field + "' is not known");
      }
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(String.valueOf(json.getValue("timeZone", "UTC")));
    } catch (DateTimeException e) {
      throw bad("field 'quietHours.timeZone' must be a time zone such as 'Europe/Berlin' or 'UTC'");
    }
    return new QuietHours(time(json, "start"), time(json, "end"), zone);
  }

  private static LocalTime time(JsonObject json, String field) {
    Object value = json.getValue(field);
    try {
      if (value instanceof String text && text.length() == 5) {
        return LocalTime.parse(text, HH_MM);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw bad("field 'quietHours." + field + "' must be a time of day as HH:mm, e.g. '22:00'");
  }

  private static ProtocolException bad(String message) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, message);
  }
}
