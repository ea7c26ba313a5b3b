/** The proxy configuration: PgBouncer-compatible INI files and auth files, read into immutable values. */
package io.berth.proxy.config;
