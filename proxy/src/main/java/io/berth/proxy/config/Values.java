package io.berth.proxy.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text-to-value conversions with PgBouncer's rules. Each parser throws {@link IllegalArgumentException} whose
 * message is only the reason ("must be ..."); the caller adds the setting's name and value.
 */
final class Values {
    /** Largest time value accepted, in seconds: far beyond any sensible timeout, yet safe in every unit. */
    static final long MAX_SECONDS = Integer.MAX_VALUE;

    static final String TIME_SYNTAX = "seconds (fractions allowed) or a number with a unit us, ms, s, min, h or d";

    private static final Pattern TIME =
            Pattern.compile("((?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\\s*(us|ms|s|min|h|d)?");
    private static final BigDecimal MICROS_PER_SECOND = BigDecimal.valueOf(1_000_000);
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Set<String> TRUE = Set.of("yes", "on", "true");
    private static final Set<String> FALSE = Set.of("no", "off", "false");
    private static final List<String> ALL_TLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private Values() {}

    /**
     * An integer read as C's {@code strtol(text, &end, 0)} reads it, which is what PgBouncer does: {@code 0x}
     * starts hexadecimal, a leading {@code 0} octal (so {@code unix_socket_mode = 0777} works), anything else
     * is decimal; nothing may follow the number.
     */
    static long parseCInteger(String text) {
        String t = text.strip();
        boolean negative = false;
        if (t.startsWith("+") || t.startsWith("-")) {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        if (t.length() > 2 && (t.startsWith("0x") || t.startsWith("0X"))) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.charAt(0) == '0') {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty() || Character.digit(t.charAt(0), radix) < 0) {
            throw new IllegalArgumentException("not an integer");
        }
        try {
            long v = Long.parseLong(t, radix);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer");
        }
    }

    /** A plain decimal integer, as the connection strings of {@code [databases]} and {@code [users]} use. */
    static long parseDecimal(String text) {
        String t = text.strip();
        if (!t.matches("[+-]?[0-9]{1,18}")) {
            throw new IllegalArgumentException("not an integer");
        }
        return Long.parseLong(t);
    }

    /**
     * A time value. PgBouncer takes a non-negative number of seconds, fractions allowed ({@code 0.5}). Berth
     * also takes a unit suffix ({@code 250ms}, {@code 5min}), which PgBouncer would refuse. Precision is one
     * microsecond, as in PgBouncer; finer parts are dropped.
     */
    static Duration parseDuration(String text) {
        Matcher m = TIME.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a time value");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigDecimal microsPerUnit = switch (unit) {
            case "us" -> BigDecimal.ONE;
            case "ms" -> BigDecimal.valueOf(1_000);
            case "s" -> MICROS_PER_SECOND;
            case "min" -> BigDecimal.valueOf(60_000_000L);
            case "h" -> BigDecimal.valueOf(3_600_000_000L);
            default -> BigDecimal.valueOf(86_400_000_000L);
        };
        BigDecimal micros = number.multiply(microsPerUnit);
        if (micros.compareTo(MICROS_PER_SECOND.multiply(BigDecimal.valueOf(MAX_SECONDS))) > 0) {
            throw new IllegalArgumentException("too large");
        }
        return Duration.of(micros.setScale(0, RoundingMode.DOWN).longValueExact(), ChronoUnit.MICROS);
    }

    /** Seconds as PgBouncer's {@code SHOW CONFIG} prints them: {@code 600}, {@code 0.5}. */
    static String showDuration(Duration d) {
        BigDecimal seconds = new BigDecimal(d.toSeconds())
                .add(BigDecimal.valueOf(d.toNanosPart(), 9))
                .stripTrailingZeros();
        return seconds.signum() == 0 ? "0" : seconds.toPlainString();
    }

    /** {@code 0}/{@code 1} (any integer, non-zero is true, as PgBouncer), yes/no, on/off, true/false. */
    static boolean parseBoolean(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(t)) {
            return true;
        }
        if (FALSE.contains(t)) {
            return false;
        }
        try {
            return parseCInteger(t) != 0;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a boolean");
        }
    }

    /** A list separated by commas and/or white space; empty items are dropped. */
    static List<String> parseList(String text) {
        List<String> out = new ArrayList<>();
        for (String item : text.split("[,\\s]+")) {
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return List.copyOf(out);
    }

    /**
     * PgBouncer's TLS protocol list (libusual's {@code tls_config_parse_protocols}) as JDK protocol names:
     * items separated by {@code ,} or {@code :}, each {@code all}, {@code secure}/{@code default} (TLS 1.2 and
     * 1.3), {@code legacy} (all), {@code tlsv1} (every 1.x), {@code tlsv1.0} to {@code tlsv1.3}, optionally
     * negated with {@code !}.
     */
    static Set<String> tlsProtocols(String text) {
        Set<String> chosen = new LinkedHashSet<>();
        boolean any = false;
        for (String raw : text.split("[,:]", -1)) {
            String item = raw.strip().toLowerCase(Locale.ROOT);
            boolean negate = item.startsWith("!");
            if (negate) {
                item = item.substring(1);
                if (!any) {
                    chosen.addAll(ALL_TLS);
                }
            }
            List<String> protocols = switch (item) {
                case "all", "legacy", "tlsv1" -> ALL_TLS;
                case "secure", "default" -> List.of("TLSv1.2", "TLSv1.3");
                case "tlsv1.0" -> List.of("TLSv1");
                case "tlsv1.1" -> List.of("TLSv1.1");
                case "tlsv1.2" -> List.of("TLSv1.2");
                case "tlsv1.3" -> List.of("TLSv1.3");
                default -> throw new IllegalArgumentException("unknown protocol");
            };
            if (negate) {
                chosen.removeAll(protocols);
            } else {
                chosen.addAll(protocols);
            }
            any = true;
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String p : ALL_TLS) {
            if (chosen.contains(p)) {
                ordered.add(p);
            }
        }
        return ordered;
    }

    /**
     * {@code host:port} for a listener: {@code *:port} or {@code :port} for all addresses, {@code [v6]:port}
     * for IPv6. IP literals are parsed (no DNS); names stay unresolved, to be resolved before binding.
     */
    static InetSocketAddress parseListenAddress(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no port");
        }
        String host = t.substring(0, colon);
        long port = parseDecimal(t.substring(colon + 1));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad port");
        }
        if (host.isEmpty() || host.equals("*")) {
            return new InetSocketAddress((int) port);
        }
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (bracketed) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("IPv6 needs brackets");
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("bad host");
        }
        boolean ipv4 = IPV4.matcher(host).matches();
        if (ipv4 && host.chars().filter(c -> c == '.').count() == 3) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("bad IP address");
                }
            }
        }
        if (bracketed || ipv4) {
            try {
                // a literal (brackets force IPv6 literal parsing), so this never asks DNS
                return new InetSocketAddress(InetAddress.getByName(bracketed ? "[" + host + "]" : host), (int) port);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad IP address");
            }
        }
        return InetSocketAddress.createUnresolved(host, (int) port);
    }
}
