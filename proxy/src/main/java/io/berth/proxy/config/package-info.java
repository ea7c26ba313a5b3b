/**
 * The proxy configuration: PgBouncer's {@code pgbouncer.ini} and {@code userlist.txt}, read as is into immutable
 * values.
 *
 * <ul>
 *   <li>{@link io.berth.proxy.config.ProxyConfig}: {@code load(Path)}, {@code parse(text, baseDir)}, {@code
 *       custom()} for configs built in code, typed getters for every {@code [pgbouncer]} setting Berth acts on,
 *       {@code databases()}, {@code database(name)} with the {@code *} fallback, {@code users()}, {@code
 *       warnings()} and {@code describe()} for {@code SHOW CONFIG}.
 *   <li>{@link io.berth.proxy.config.DatabaseConfig} and {@link io.berth.proxy.config.UserConfig}: the entries of
 *       {@code [databases]} and {@code [users]}.
 *   <li>{@link io.berth.proxy.config.AuthFile}: {@code userlist.txt}.
 *   <li>{@link io.berth.proxy.config.ConfigException}: what is wrong, where ({@code file:line}), and what is
 *       allowed.
 * </ul>
 *
 * <p>Every file PgBouncer 1.25 accepts is accepted, with the same meaning, except: settings Berth does not
 * implement are ignored with a warning; {@code auth_type} cert, hba, pam and ldap are refused; a relative {@code
 * %include} or file name is resolved against the directory of the file naming it, not the working directory; and
 * {@code server_check_query} defaults to {@code select 1} (PgBouncer 1.18 to 1.23) rather than 1.24's empty
 * query. Berth also reads more than PgBouncer: case-insensitive names, time units ({@code 500ms}, {@code 5min},
 * {@code 1h}), yes/no/on/off/true/false, {@code #} comments in {@code userlist.txt}, and its own {@code
 * [berth]} section name and {@code admin_http_addr} and {@code admin_http_token} settings.
 */
package io.berth.proxy.config;
