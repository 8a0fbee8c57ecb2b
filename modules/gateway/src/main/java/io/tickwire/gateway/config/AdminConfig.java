package io.tickwire.gateway.config;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.List;

/**
 * The {@code admin} section: the admin console at {@code /admin} and its JSON endpoints under
 * {@code /admin/api}. Off unless enabled; when off, both answer 404 as if they did not exist.
 * Callers sign in with an API key ({@code api.keys}) or a token whose {@code roles} claim holds
 * {@link #role()}.
 *
 * @param enabled whether the console is served (default false; the dev profile turns it on)
 * @param role the role a token's {@code roles} claim must hold ({@value #DEFAULT_ROLE})
 * @param announcementChannels where the announcement form publishes when the operator names no
 *     channel (default none: the form then asks for them)
 * @param reportIntervalMs how often each node publishes its load to the consoles
 *     ({@value #DEFAULT_REPORT_INTERVAL_MS}); a member silent for three intervals is dropped
 * @param requestsPerSec the node's budget of admin API calls per second, its burst twice that
 *     ({@value #DEFAULT_REQUESTS_PER_SEC}); more are refused with 429
 * @param maxBodyBytes the largest admin request body ({@value #DEFAULT_MAX_BODY_BYTES})
 * @param maxUsers the most users one overview lists, the most connected first
 *     ({@value #DEFAULT_MAX_USERS})
 * @param maxChannels the most channels one overview lists, the most subscribed first
 *     ({@value #DEFAULT_MAX_CHANNELS})
 */
public record AdminConfig(boolean enabled, String role, List<String> announcementChannels,
    long reportIntervalMs, int requestsPerSec, int maxBodyBytes, int maxUsers, int maxChannels) {

  public static final String DEFAULT_ROLE = "admin";
  public static final long DEFAULT_REPORT_INTERVAL_MS = 1_000;
  public static final int DEFAULT_REQUESTS_PER_SEC = 20;
  public static final int DEFAULT_MAX_BODY_BYTES = 65_536;
  public static final int DEFAULT_MAX_USERS = 500;
  public static final int DEFAULT_MAX_CHANNELS = 500;
  /** The longest announcement text, in characters. */
  public static final int MAX_ANNOUNCEMENT_CHARS = 2_000;
  /** The most channels one announcement goes to. */
  public static final int MAX_ANNOUNCEMENT_CHANNELS = 100;

  public AdminConfig {
    announcementChannels = List.copyOf(announcementChannels);
    if (announcementChannels.size() > MAX_ANNOUNCEMENT_CHANNELS) {
      throw new ConfigException("admin.announcementChannels",
          "lists more than " + MAX_ANNOUNCEMENT_CHANNELS + " channels");
    }
    if (role.isBlank() || role.length() > 64) {
      throw new ConfigException("admin.role", "must be 1 to 64 characters");
    }
  }

  public static AdminConfig from(Section section) {
    AdminConfig config = new AdminConfig(section.bool("enabled", false),
        section.string("role", DEFAULT_ROLE),
        section.strings("announcementChannels", List.of()),
        section.longValue("reportIntervalMs", DEFAULT_REPORT_INTERVAL_MS, 100, 60_000),
        section.intValue("requestsPerSec", DEFAULT_REQUESTS_PER_SEC, 1, 10_000),
        section.intValue("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1_024, 1_048_576),
        section.intValue("maxUsers", DEFAULT_MAX_USERS, 1, 10_000),
        section.intValue("maxChannels", DEFAULT_MAX_CHANNELS, 1, 10_000));
    section.done();
    return config;
  }
}
