package io.berth.proxy.internal;

import io.berth.pg.auth.AuthenticationFailedException;
import io.berth.pg.auth.Md5;
import io.berth.pg.auth.Md5Secret;
import io.berth.pg.auth.PlainSecret;
import io.berth.pg.auth.ScramClientExchange;
import io.berth.pg.auth.ScramSecret;
import io.berth.pg.auth.Secret;
import io.berth.pg.protocol.Authentication;
import io.berth.pg.protocol.BackendKeyData;
import io.berth.pg.protocol.ErrorResponse;
import io.berth.pg.protocol.ParameterStatus;
import io.berth.pg.protocol.PasswordMessage;
import io.berth.pg.protocol.Query;
import io.berth.pg.protocol.ReadyForQuery;
import io.berth.pg.protocol.StartupMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Logs in to PostgreSQL on a new server channel: StartupMessage, then whatever authentication the
 * server asks for (trust, cleartext, md5, SCRAM-SHA-256 with a password or with a client key
 * recovered from a client's proof), then collects ParameterStatus and BackendKeyData up to the
 * first ReadyForQuery, runs the database's connect_query, and swaps itself for a {@link
 * ServerHandler}. SCRAM key derivation moves to the blocking executor; it never runs here.
 */
final class ServerLogin extends ChannelInboundHandlerAdapter {
    private final PoolKey key;
    private final Target target;
    private final AuthStore auth;
    private final Executor blocking;
    private final CompletableFuture<ServerConnection> done;
    private final Map<String, String> params = new LinkedHashMap<>();
    private BackendKeyData backendKey;
    private ScramClientExchange scram;
    private boolean connectQuerySent;

    ServerLogin(
            PoolKey key, Target target, AuthStore auth, Executor blocking, CompletableFuture<ServerConnection> done) {
        this.key = key;
        this.target = target;
        this.auth = auth;
        this.blocking = blocking;
        this.done = done;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("user", target.user());
        p.put("database", target.dbname());
        ctx.writeAndFlush(StartupMessage.of(p));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!done.isDone()) {
                handle(ctx, msg);
            }
        } catch (AuthenticationFailedException e) {
            fail(
                    ctx,
                    new ServerLoginException(
                            "login to " + target.host() + ":" + target.port() + " as " + target.user() + " failed: "
                                    + e.getMessage(),
                            e));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handle(ChannelHandlerContext ctx, Object msg) throws AuthenticationFailedException {
        if (msg instanceof Authentication a) {
            authenticate(ctx, a);
        } else if (msg instanceof ParameterStatus s) {
            params.put(s.name(), s.value());
        } else if (msg instanceof BackendKeyData k) {
            backendKey = k;
        } else if (msg instanceof ErrorResponse e && !e.notice()) {
            fail(
                    ctx,
                    new ServerLoginException(
                            "PostgreSQL at " + target.host() + ":" + target.port() + " refused the login of "
                                    + target.user() + " to " + target.dbname() + ": " + e.message(),
                            e));
        } else if (msg instanceof ReadyForQuery) {
            String cq = target.connectQuery();
            if (cq != null && !cq.isBlank() && !connectQuerySent) {
                connectQuerySent = true;
                ctx.writeAndFlush(new Query(cq));
                return;
            }
            ServerConnection conn = new ServerConnection(ctx.channel(), key, backendKey, params);
            ctx.pipeline().replace(this, "server", new ServerHandler(conn));
            if (!done.complete(conn)) {
                ctx.close();
            }
        }
    }

    private void authenticate(ChannelHandlerContext ctx, Authentication a) throws AuthenticationFailedException {
        switch (a.kind()) {
            case Authentication.OK -> {}
            case Authentication.CLEARTEXT_PASSWORD ->
                ctx.writeAndFlush(PasswordMessage.ofPassword(password("cleartext")));
            case Authentication.MD5_PASSWORD -> {
                String hash = md5Hash();
                ctx.writeAndFlush(PasswordMessage.ofPassword(Md5.response(hash, a.data())));
            }
            case Authentication.SASL -> {
                if (!a.mechanisms().contains("SCRAM-SHA-256")) {
                    throw new AuthenticationFailedException(
                            "the server offers " + a.mechanisms() + " and Berth speaks only SCRAM-SHA-256");
                }
                scram = scramExchange();
                ctx.writeAndFlush(PasswordMessage.ofSaslInitial("SCRAM-SHA-256", scram.clientFirst()));
            }
            case Authentication.SASL_CONTINUE -> saslContinue(ctx, a.data());
            case Authentication.SASL_FINAL -> scram.verifyServerFinal(a.data());
            default ->
                throw new AuthenticationFailedException(
                        "the server asks for authentication method " + a.kind() + ", which Berth does not support");
        }
    }

    private void saslContinue(ChannelHandlerContext ctx, byte[] serverFirst) throws AuthenticationFailedException {
        if (!scram.needsDerivation(serverFirst)) {
            ctx.writeAndFlush(PasswordMessage.ofSaslResponse(scram.clientFinal(serverFirst)));
            return;
        }
        CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return scram.clientFinal(serverFirst);
                            } catch (AuthenticationFailedException e) {
                                throw new IllegalStateException(e.getMessage(), e);
                            }
                        },
                        blocking)
                .whenComplete((bytes, error) -> ctx.executor().execute(() -> {
                    if (error != null) {
                        fail(ctx, new ServerLoginException("SCRAM login failed: " + error.getMessage(), error));
                    } else {
                        ctx.writeAndFlush(PasswordMessage.ofSaslResponse(bytes));
                    }
                }));
    }

    private String password(String method) throws AuthenticationFailedException {
        if (target.password() != null) {
            return target.password();
        }
        Secret s = auth.serverSecret(key.database(), target.user());
        if (s instanceof PlainSecret p) {
            return p.password();
        }
        throw new AuthenticationFailedException("the server asks for a " + method + " password for "
                + target.user() + ", and Berth has none: set password= in the [databases] entry or put the "
                + "plain password in auth_file");
    }

    private String md5Hash() throws AuthenticationFailedException {
        if (target.password() == null && auth.serverSecret(key.database(), target.user()) instanceof Md5Secret m) {
            return m.hash();
        }
        return Md5.passwordHash(target.user(), password("md5"));
    }

    private ScramClientExchange scramExchange() throws AuthenticationFailedException {
        if (target.password() != null) {
            return ScramClientExchange.withPassword(target.password(), auth.keyCache());
        }
        Secret s = auth.serverSecret(key.database(), target.user());
        if (s instanceof PlainSecret p) {
            return ScramClientExchange.withPassword(p.password(), auth.keyCache());
        }
        byte[] clientKey = auth.clientKey(target.user());
        if (s instanceof ScramSecret scramSecret && clientKey != null) {
            return ScramClientExchange.withKeys(clientKey, scramSecret);
        }
        throw new AuthenticationFailedException("the server asks for SCRAM-SHA-256 for " + target.user()
                + " and Berth has no plain password and no key from a client's SCRAM login: set password= in "
                + "[databases], put the plain password in auth_file, or let the client log in with SCRAM first");
    }

    private void fail(ChannelHandlerContext ctx, Exception e) {
        done.completeExceptionally(e);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done.completeExceptionally(new ServerLoginException(
                "PostgreSQL at " + target.host() + ":" + target.port() + " closed the connection during login",
                (ErrorResponse) null));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(
                ctx,
                new ServerLoginException(
                        "login to " + target.host() + ":" + target.port() + " failed: " + cause, cause));
    }
}
