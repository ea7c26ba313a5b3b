/** The pooling proxy: start it, stop it, reload it. */
package io.berth.proxy;
