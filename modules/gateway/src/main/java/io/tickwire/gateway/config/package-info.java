/** The gateway's typed configuration sections: one validated record per section of conf. */
package io.tickwire.gateway.config;
