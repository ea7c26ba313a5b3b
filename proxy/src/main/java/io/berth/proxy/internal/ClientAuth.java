package io.berth.proxy.internal;

import io.berth.pg.auth.AuthenticationFailedException;
import io.berth.pg.auth.Md5;
import io.berth.pg.auth.Md5Secret;
import io.berth.pg.auth.PlainSecret;
import io.berth.pg.auth.ScramSecret;
import io.berth.pg.auth.ScramServerExchange;
import io.berth.pg.auth.Secret;
import io.berth.pg.auth.SecureRandoms;
import io.berth.pg.protocol.Authentication;
import io.berth.pg.protocol.PasswordMessage;
import io.berth.pg.protocol.SqlState;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Authenticates one client by the configured auth_type: trust, plain (cleartext password), md5 or
 * SCRAM-SHA-256, against the auth file's secret for the user (plain, md5 or SCRAM), or for a user
 * the file does not name, the one the database's auth_query finds ({@link AuthLookup}). A user
 * neither knows goes through the same exchange and fails at its end with the same message as a
 * wrong password, so the proxy does not tell who exists. SCRAM key derivation for plain secrets
 * runs on the blocking executor, once per user (cached), never on the event loop.
 */
final class ClientAuth {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientAuth.class);
    private static final SecureRandom RANDOM = SecureRandoms.create();

    private enum Step {
        PASSWORD,
        SASL_INITIAL,
        SASL_FINAL,
        DONE
    }

    private final ProxyContext px;
    private final ChannelHandlerContext ctx;
    private final ClientInfo info;
    private final Runnable onSuccess;
    private Step step;
    private byte[] md5Salt;
    private ScramServerExchange scram;
    private boolean unknownUser;
    /** auth_query has run for this login (it runs once, before the exchange starts). */
    private boolean lookedUp;
    /** What it found, or null. */
    private Secret found;

    ClientAuth(ProxyContext px, ChannelHandlerContext ctx, ClientInfo info, Runnable onSuccess) {
        this.px = px;
        this.ctx = ctx;
        this.info = info;
        this.onSuccess = onSuccess;
    }

    void start() {
        if (!lookedUp && lookUp()) {
            return;
        }
        Secret secret = secret();
        unknownUser = secret == null;
        switch (px.settings().authMethod()) {
            case TRUST -> {
                if (unknownUser && px.auth().size() > 0) {
                    fail("no such user: " + info.user());
                    return;
                }
                succeed();
            }
            case PLAIN -> ask(Authentication.cleartextPassword(), Step.PASSWORD);
            case MD5 -> {
                if (secret instanceof ScramSecret) {
                    // As PgBouncer does: md5 cannot check a SCRAM secret, so such a user gets SCRAM.
                    ask(Authentication.sasl(ScramServerExchange.mechanisms()), Step.SASL_INITIAL);
                    return;
                }
                md5Salt = new byte[4];
                RANDOM.nextBytes(md5Salt);
                ask(Authentication.md5Password(md5Salt), Step.PASSWORD);
            }
            case SCRAM_SHA_256 -> ask(Authentication.sasl(ScramServerExchange.mechanisms()), Step.SASL_INITIAL);
        }
    }

    /**
     * For a user the auth file does not name, runs the database's auth_query (if it has an
     * auth_user) off the event loop, then starts again with what it found; true when it did so.
     * Nothing is asked of the client meanwhile, so a password message now is a protocol violation.
     */
    private boolean lookUp() {
        lookedUp = true;
        String user = info.user();
        if (px.settings().authMethod() == ProxySettings.ClientAuthMethod.TRUST
                || px.auth().knows(user)
                || px.isAdminDatabase(info.database())) {
            return false;
        }
        AuthStore.AuthQuery query = px.auth().queryFor(info.database());
        if (query == null) {
            return false;
        }
        step = Step.DONE;
        io.netty.channel.EventLoop loop = ctx.channel().eventLoop();
        CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return AuthLookup.find(px, query, info.database(), user, loop);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return AuthLookup.Outcome.failed("interrupted (the proxy is stopping)");
                            }
                        },
                        px.blocking())
                .whenComplete((outcome, err) -> ctx.executor().execute(() -> {
                    String failure = err != null ? err.toString() : outcome.failure();
                    if (failure != null) {
                        LOG.warn("auth_query for user \"{}\" on database \"{}\": {}", user, info.database(), failure);
                        Errors.fatal(
                                ctx.channel(),
                                SqlState.CONNECTION_FAILURE,
                                "could not look up the password of user \"" + user + "\" with auth_query",
                                "the proxy's log has the cause");
                        return;
                    }
                    found = outcome.secret();
                    if (ctx.channel().isActive()) {
                        start();
                    }
                }));
        return true;
    }

    /** The secret this login is checked against: the auth file's, else this login's auth_query's. */
    private Secret secret() {
        Secret s = px.auth().secret(info.user());
        return s != null ? s : found;
    }

    private void ask(Authentication request, Step next) {
        step = next;
        ctx.writeAndFlush(request);
    }

    void onPassword(PasswordMessage p) {
        try {
            switch (step) {
                case PASSWORD -> checkPassword(p.password());
                case SASL_INITIAL -> saslInitial(p.saslInitialResponse());
                case SASL_FINAL -> saslFinal(p.body());
                default ->
                    Errors.fatal(ctx.channel(), SqlState.PROTOCOL_VIOLATION, "unexpected password message", null);
            }
        } catch (AuthenticationFailedException e) {
            fail(e.getMessage());
        }
    }

    private void checkPassword(String given) {
        Secret secret = secret();
        if (secret instanceof ScramSecret s && md5Salt == null) {
            // A cleartext password against a SCRAM secret needs PBKDF2: off the event loop.
            step = Step.DONE;
            CompletableFuture.supplyAsync(() -> ScramSecret.derive(given, s.salt(), s.iterations()), px.blocking())
                    .whenComplete((derived, err) -> ctx.executor().execute(() -> {
                        if (err == null && MessageDigest.isEqual(derived.storedKey(), s.storedKey())) {
                            succeed();
                        } else {
                            fail(passwordFailed());
                        }
                    }));
            return;
        }
        boolean ok;
        if (md5Salt != null) {
            String hash = secret instanceof PlainSecret p
                    ? Md5.passwordHash(info.user(), p.password())
                    : secret instanceof Md5Secret m ? m.hash() : null;
            ok = hash != null && Md5.verify(hash, md5Salt, given);
        } else if (secret instanceof PlainSecret p) {
            ok = MessageDigest.isEqual(
                    p.password().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
        } else if (secret instanceof Md5Secret m) {
            ok = MessageDigest.isEqual(
                    m.hash().getBytes(StandardCharsets.UTF_8),
                    Md5.passwordHash(info.user(), given).getBytes(StandardCharsets.UTF_8));
        } else {
            ok = false;
        }
        if (ok) {
            succeed();
        } else {
            fail(passwordFailed());
        }
    }

    private void saslInitial(PasswordMessage.SaslInitialResponse initial) throws AuthenticationFailedException {
        Secret secret = secret();
        if (secret instanceof ScramSecret s) {
            begin(s, initial);
        } else if (secret instanceof PlainSecret p) {
            ScramSecret cached = px.auth().keyCache().secretIfPresent(info.user(), p.password());
            if (cached != null) {
                begin(cached, initial);
                return;
            }
            step = Step.DONE;
            px.auth()
                    .keyCache()
                    .secret(info.user(), p.password(), px.blocking())
                    .whenComplete((s, err) -> ctx.executor().execute(() -> {
                        try {
                            if (err != null) {
                                throw new AuthenticationFailedException("SCRAM key derivation failed: " + err);
                            }
                            begin(s, initial);
                        } catch (AuthenticationFailedException e) {
                            fail(e.getMessage());
                        }
                    }));
        } else {
            // Unknown user, or an md5 secret that cannot answer SCRAM: go through the motions, then fail.
            unknownUser = true;
            begin(px.dummyScramSecret(), initial);
        }
    }

    private void begin(ScramSecret secret, PasswordMessage.SaslInitialResponse initial)
            throws AuthenticationFailedException {
        scram = new ScramServerExchange(secret);
        byte[] serverFirst = scram.serverFirst(initial.mechanism(), initial.data());
        ask(Authentication.saslContinue(serverFirst), Step.SASL_FINAL);
    }

    private void saslFinal(byte[] clientFinal) throws AuthenticationFailedException {
        byte[] serverFinal;
        try {
            serverFinal = scram.serverFinal(clientFinal);
        } catch (AuthenticationFailedException e) {
            fail(passwordFailed());
            return;
        }
        if (unknownUser) {
            fail(passwordFailed());
            return;
        }
        px.auth().rememberClientKey(info.user(), scram.clientKey());
        ctx.write(Authentication.saslFinal(serverFinal));
        succeed();
    }

    private String passwordFailed() {
        return "password authentication failed for user \"" + info.user() + "\"";
    }

    private void succeed() {
        step = Step.DONE;
        if (found != null && !px.auth().knows(info.user())) {
            px.auth().loggedInWith(info.database(), info.user(), found);
        }
        ctx.write(Authentication.ok());
        onSuccess.run();
    }

    private void fail(String message) {
        step = Step.DONE;
        Errors.fatal(ctx.channel(), SqlState.INVALID_PASSWORD, message, null);
    }
}
