package io.berth.proxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Throwaway PEM files made with the real openssl: a CA, certificates it signs (for 127.0.0.1 and
 * localhost, for another name, for a client) and a self-signed stranger. Keys are PKCS#8, mode 0600
 * (libpq refuses a client key others can read).
 */
record TestCerts(Path dir) {
    static TestCerts create(Path dir) throws Exception {
        TestCerts c = new TestCerts(dir);
        c.openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=Berth test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout",
                c.key("ca").toString(),
                "-out",
                c.cert("ca").toString());
        c.signed("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth");
        c.signed("elsewhere", "/CN=db.example", "subjectAltName=DNS:db.example\nextendedKeyUsage=serverAuth");
        c.signed("client", "/CN=postgres", "extendedKeyUsage=clientAuth");
        c.openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                c.key("stranger").toString(),
                "-out",
                c.cert("stranger").toString());
        c.openssl(
                "rsa",
                "-in",
                c.key("server").toString(),
                "-traditional",
                "-out",
                c.key("server-pkcs1").toString());
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".key")).toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            }
        }
        return c;
    }

    Path cert(String name) {
        return dir.resolve(name + ".pem");
    }

    Path key(String name) {
        return dir.resolve(name + ".key");
    }

    private void signed(String name, String subject, String extensions) throws Exception {
        Path csr = dir.resolve(name + ".csr");
        Path ext = Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
        openssl(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                subject,
                "-keyout",
                key(name).toString(),
                "-out",
                csr.toString());
        openssl(
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                cert("ca").toString(),
                "-CAkey",
                key("ca").toString(),
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                ext.toString(),
                "-out",
                cert(name).toString());
    }

    private void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Tools.Result r = Tools.run(null, 60, cmd);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r.output());
        }
    }
}
