/** PostgreSQL v3 messages as immutable types split by direction, and the Netty codecs that frame them. */
package io.berth.pg.protocol;
