/** Health and metrics routes, and the optional management port that serves them apart. */
package io.tickwire.gateway.ops;
