/**
 * The admin console's server side: the load reports each node publishes, what each node answers
 * about its connections and channels, the JSON endpoints under {@code /admin/api} and the
 * redaction of the configuration they show. The page itself is in the web module
 * ({@code webroot/admin/}).
 */
package io.tickwire.gateway.admin;
