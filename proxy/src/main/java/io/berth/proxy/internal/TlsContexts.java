package io.berth.proxy.internal;

import io.berth.proxy.config.ConfigException;
import io.berth.proxy.config.ProxyConfig;
import io.berth.proxy.config.SslMode;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Builds the TLS contexts of client_tls_* and server_tls_* from PEM files, once per configuration
 * (at start and at each RELOAD), with the JDK's TLS provider.
 *
 * <p>Keys must be PKCS#8 ({@code BEGIN PRIVATE KEY}), unencrypted: Netty reads PKCS#1 ({@code BEGIN
 * RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}) keys only with BouncyCastle, which Berth
 * does not ship. Ciphers: PgBouncer's shortcuts ({@code default}, {@code secure}, {@code fast},
 * {@code normal}, {@code compat}, {@code legacy}) mean the JDK's defaults and {@code all}/{@code
 * insecure} every suite the JDK supports; anything else is a list of suite names, OpenSSL's ({@code
 * ECDHE-RSA-AES128-GCM-SHA256}) or IANA's ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}). As in
 * PgBouncer the list restricts TLS 1.2 and older: TLS 1.3 keeps the JDK's suites unless the list names
 * some. OpenSSL cipher expressions ({@code HIGH:!aNULL}) are refused, since the JDK cannot evaluate them.
 */
final class TlsContexts {
    private static final Set<String> DEFAULT_CIPHERS =
            Set.of("default", "secure", "fast", "normal", "compat", "legacy");
    private static final Set<String> ALL_CIPHERS = Set.of("all", "insecure");

    private TlsContexts() {}

    /** The TLS that clients get; {@link ClientTls#DISABLED} when client_tls_sslmode = disable. */
    static ClientTls forClients(ProxyConfig c) throws ConfigException {
        SslMode mode = c.clientTlsSslmode();
        if (!mode.enabled()) {
            return ClientTls.DISABLED;
        }
        Path cert = c.clientTlsCertFile().orElseThrow();
        Path key = checkedPair("client_tls_key_file", c.clientTlsKeyFile().orElseThrow(), "client_tls_cert_file", cert);
        boolean verify = mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL;
        List<String> ciphers = ciphers("client_tls_ciphers", c.clientTlsCiphers());
        try {
            SslContextBuilder b = SslContextBuilder.forServer(cert.toFile(), key.toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols(c.clientTlsProtocols())
                    .ciphers(ciphers)
                    .clientAuth(verify ? ClientAuth.REQUIRE : ClientAuth.NONE);
            if (verify) {
                b.trustManager(c.clientTlsCaFile().orElseThrow().toFile());
            }
            return new ClientTls(mode, b.build());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(
                    "client_tls_sslmode = " + mode.configName() + ": cannot use client_tls_cert_file " + cert
                            + ", client_tls_key_file " + key
                            + c.clientTlsCaFile()
                                    .map(p -> " or client_tls_ca_file " + p)
                                    .orElse("") + ": "
                            + reason(e),
                    e);
        }
    }

    /** The TLS used towards PostgreSQL; {@link ServerTls#DISABLED} when server_tls_sslmode = disable. */
    static ServerTls forServers(ProxyConfig c) throws ConfigException {
        SslMode mode = c.serverTlsSslmode();
        if (!mode.enabled()) {
            return ServerTls.DISABLED;
        }
        Optional<Path> cert = c.serverTlsCertFile();
        Optional<Path> key = c.serverTlsKeyFile();
        Optional<Path> ca = c.serverTlsCaFile();
        List<String> ciphers = ciphers("server_tls_ciphers", c.serverTlsCiphers());
        try {
            SslContextBuilder b = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols(c.serverTlsProtocols())
                    .ciphers(ciphers);
            if (cert.isPresent() && key.isPresent()) {
                b.keyManager(
                        cert.get().toFile(),
                        checkedPair("server_tls_key_file", key.get(), "server_tls_cert_file", cert.get())
                                .toFile());
            }
            switch (mode) {
                case VERIFY_CA, VERIFY_FULL -> {
                    // Without server_tls_ca_file the JDK's trusted roots apply, as the system CAs do in PgBouncer.
                    if (ca.isPresent()) {
                        b.trustManager(ca.get().toFile());
                    }
                    b.endpointIdentificationAlgorithm(mode == SslMode.VERIFY_FULL ? "HTTPS" : null);
                }
                default -> {
                    // allow, prefer, require: encrypt without checking the certificate, as libpq does.
                    b.trustManager(InsecureTrustManagerFactory.INSTANCE);
                    b.endpointIdentificationAlgorithm(null);
                }
            }
            return new ServerTls(mode, b.build());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(
                    "server_tls_sslmode = " + mode.configName() + ": cannot use "
                            + cert.map(p -> "server_tls_cert_file " + p + ", ").orElse("")
                            + key.map(p -> "server_tls_key_file " + p + ", ").orElse("")
                            + ca.map(p -> "server_tls_ca_file " + p + ", ").orElse("")
                            + "or server_tls_protocols: " + reason(e),
                    e);
        }
    }

    /**
     * Refuses, with a way out, the key formats Netty cannot read without BouncyCastle, and a key that
     * does not belong to the certificate (the JDK would notice only at the first handshake).
     */
    private static Path checkedPair(String keySetting, Path key, String certSetting, Path cert) throws ConfigException {
        String pem;
        try {
            pem = Files.readString(key, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigException(keySetting + " = " + key + " cannot be read: " + e, e);
        }
        String convert = "convert it with: openssl pkcs8 -topk8 -nocrypt -in " + key + " -out key.pk8.pem";
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new ConfigException(keySetting + " = " + key + " is a PKCS#1/SEC1 key (BEGIN RSA/EC PRIVATE KEY),"
                    + " which Netty reads only with BouncyCastle (bcpkix) on the class path, and Berth does not"
                    + " ship it: use a PKCS#8 key (BEGIN PRIVATE KEY); " + convert);
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || pem.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new ConfigException(keySetting + " = " + key + " is encrypted and Berth has no passphrase for it"
                    + " (neither has PgBouncer): " + convert);
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < from) {
            throw new ConfigException(keySetting + " = " + key + " holds no PEM private key (BEGIN PRIVATE KEY)");
        }
        X509Certificate x509;
        try (InputStream in = Files.newInputStream(cert)) {
            x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            return key; // Netty reports the certificate file it cannot read
        }
        String mismatch = keySetting + " = " + key + " is not the private key of " + certSetting + " = " + cert;
        PrivateKey privateKey;
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
            privateKey = KeyFactory.getInstance(x509.getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(
                    mismatch + " (the certificate's key is "
                            + x509.getPublicKey().getAlgorithm() + "): " + e,
                    e);
        }
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "EdDSA", "Ed25519", "Ed448" -> privateKey.getAlgorithm();
            default -> null; // RSASSA-PSS and others: the handshake will tell
        };
        if (algorithm == null) {
            return key;
        }
        try {
            byte[] challenge = key.toString().getBytes(StandardCharsets.UTF_8);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(privateKey);
            sign.update(challenge);
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(x509.getPublicKey());
            verify.update(challenge);
            if (!verify.verify(sign.sign())) {
                throw new ConfigException(mismatch);
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(mismatch + ": " + e, e);
        }
        return key;
    }

    /**
     * The JDK suite names for a cipher setting, or {@code null} for the JDK's defaults.
     *
     * @throws ConfigException naming the setting and the suite the JDK does not know
     */
    static List<String> ciphers(String setting, String value) throws ConfigException {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || DEFAULT_CIPHERS.contains(v)) {
            return null;
        }
        Set<String> supported;
        Set<String> defaults;
        try {
            SSLContext jdk = SSLContext.getDefault();
            supported = new LinkedHashSet<>(
                    Arrays.asList(jdk.getSupportedSSLParameters().getCipherSuites()));
            defaults = new LinkedHashSet<>(
                    Arrays.asList(jdk.getDefaultSSLParameters().getCipherSuites()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
        if (ALL_CIPHERS.contains(v)) {
            return List.copyOf(supported);
        }
        List<String> out = new ArrayList<>();
        for (String item : value.split("[:,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            String java = item.startsWith("TLS_") || item.startsWith("SSL_")
                    ? item
                    : CipherSuiteConverter.toJava(item, "TLS");
            if (java == null || !supported.contains(java)) {
                throw new ConfigException(setting + " = " + value + " is invalid: " + item
                        + " is not a cipher suite this JDK supports; list suite names (OpenSSL's or IANA's),"
                        + " OpenSSL expressions such as HIGH or !aNULL are not supported, or use default");
            }
            out.add(java);
        }
        if (out.stream().noneMatch(TlsContexts::isTls13)) {
            defaults.stream().filter(TlsContexts::isTls13).forEach(out::add);
        }
        return out;
    }

    private static boolean isTls13(String suite) {
        // TLS 1.3 suites name no key exchange: TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256.
        return suite.startsWith("TLS_") && !suite.contains("_WITH_");
    }

    private static String reason(Throwable e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !s.toString().contains(c.getMessage())) {
                s.append(": ").append(c.getMessage());
            }
        }
        return s.toString();
    }
}
