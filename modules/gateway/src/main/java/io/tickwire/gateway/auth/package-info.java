/** Who a connection is (tokens, dev tokens) and which channels it may subscribe to. */
package io.tickwire.gateway.auth;
