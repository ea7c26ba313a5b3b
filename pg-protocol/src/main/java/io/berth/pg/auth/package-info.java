/** Authentication for PostgreSQL: SCRAM-SHA-256 (server and client side), md5, cleartext, and stored secrets. */
package io.berth.pg.auth;
