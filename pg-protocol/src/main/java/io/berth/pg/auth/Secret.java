package io.berth.pg.auth;

/**
 * What the proxy knows about a user's password, as stored in a {@code userlist.txt} or in
 * PostgreSQL's {@code pg_authid.rolpassword}: the password itself, its md5 hash, or its SCRAM
 * secret. What a secret allows: a plain password serves every method in both directions; an md5
 * hash verifies md5 clients and logs in to md5 servers; a SCRAM secret verifies SCRAM clients, and
 * logs in to a SCRAM server only with a ClientKey recovered from a client's proof.
 */
public sealed interface Secret permits PlainSecret, Md5Secret, ScramSecret {

    /**
     * Parses a stored value the way PostgreSQL classifies {@code rolpassword}: {@code
     * "SCRAM-SHA-256$<iterations>:<salt base64>$<StoredKey base64>:<ServerKey base64>"} is a
     * {@link ScramSecret}, {@code "md5"} followed by 32 lowercase hex digits is an {@link
     * Md5Secret}, and anything else is a {@link PlainSecret}.
     *
     * @throws IllegalArgumentException when the value starts with {@code SCRAM-SHA-256$} but is not
     *     a well-formed secret; the message names the problem (never the secret's keys)
     */
    static Secret parse(String stored) {
        if (stored.startsWith(ScramSecret.PREFIX)) {
            return ScramSecret.parse(stored);
        }
        if (Md5Secret.isMd5Hash(stored)) {
            return new Md5Secret(stored);
        }
        return new PlainSecret(stored);
    }
}
