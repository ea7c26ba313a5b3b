package io.berth.pg.auth;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * SASLprep (RFC 4013) of a SCRAM password, the way PostgreSQL does it ({@code pg_saslprep}): the
 * password bytes that go into PBKDF2 are the prepared password when preparation succeeds and the
 * raw UTF-8 bytes when it fails. Both PostgreSQL and libpq fall back to the raw bytes, so a
 * password that SASLprep rejects still works, just unnormalised.
 *
 * <p>What this does:
 *
 * <ul>
 *   <li>A pure ASCII password is used as is (PostgreSQL's fast path; this covers almost every real
 *       password and is exact).
 *   <li>Otherwise: non-ASCII spaces (C.1.2) become U+0020, the "commonly mapped to nothing"
 *       characters (B.1) are dropped, the result is NFKC-normalised, and it is rejected (raw bytes
 *       used) when it contains a prohibited character (C.1.2 to C.9), an unassigned code point, or
 *       breaks the bidirectional rule (RandALCat text with LCat characters, or not starting and
 *       ending with RandALCat).
 * </ul>
 *
 * <p>One known difference: PostgreSQL's tables are Unicode 3.2, the JDK's are much newer. A
 * password containing a character assigned after Unicode 3.2 counts as unassigned (so raw bytes)
 * for PostgreSQL but as assigned here, and NFKC of such characters may differ. Such a password
 * fails SCRAM through the proxy when stored as a plain password; store its SCRAM secret instead.
 */
final class SaslPrep {
    private SaslPrep() {}

    /** The bytes PBKDF2 takes for {@code password}. */
    static byte[] prepare(String password) {
        byte[] raw = password.getBytes(StandardCharsets.UTF_8);
        if (isAscii(password)) {
            return raw;
        }
        String prepared = prepareOrNull(password);
        return prepared == null ? raw : prepared.getBytes(StandardCharsets.UTF_8);
    }

    /** The SASLprep'd password, or null when SASLprep fails and the raw password must be used. */
    static String prepareOrNull(String password) {
        StringBuilder mapped = new StringBuilder(password.length());
        for (int i = 0; i < password.length(); ) {
            int cp = password.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                return null; // a lone surrogate: not valid UTF-8 for PostgreSQL
            }
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
            } else if (!isMappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
            }
        }
        if (mapped.isEmpty()) {
            return "";
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        boolean randAl = false;
        boolean l = false;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (isProhibited(cp) || !Character.isDefined(cp)) {
                return null;
            }
            randAl |= isRandAl(cp);
            l |= Character.getDirectionality(cp) == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
        }
        if (randAl
                && (l
                        || !isRandAl(normalized.codePointAt(0))
                        || !isRandAl(normalized.codePointBefore(normalized.length())))) {
            return null;
        }
        return normalized;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3454 table C.1.2. */
    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0
                || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200B)
                || cp == 0x202F
                || cp == 0x205F
                || cp == 0x3000;
    }

    /** RFC 3454 table B.1. */
    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD
                || cp == 0x034F
                || cp == 0x1806
                || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D)
                || cp == 0x2060
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF;
    }

    /** RFC 3454 tables C.1.2 to C.9, as listed by RFC 4013 section 2.3. */
    private static boolean isProhibited(int cp) {
        return isNonAsciiSpace(cp)
                || cp < 0x20
                || cp == 0x7F // C.2.1
                || (cp >= 0x80 && cp <= 0x9F)
                || cp == 0x06DD
                || cp == 0x070F
                || cp == 0x180E
                || cp == 0x200C
                || cp == 0x200D
                || cp == 0x2028
                || cp == 0x2029
                || (cp >= 0x2060 && cp <= 0x2063)
                || cp == 0xFEFF
                || (cp >= 0x1D173 && cp <= 0x1D17A) // C.2.2
                || (cp >= 0xE000 && cp <= 0xF8FF)
                || (cp >= 0xF0000 && cp <= 0xFFFFD)
                || (cp >= 0x100000 && cp <= 0x10FFFD) // C.3
                || (cp >= 0xFDD0 && cp <= 0xFDEF)
                || (cp & 0xFFFE) == 0xFFFE // C.4
                || (cp >= 0xD800 && cp <= 0xDFFF) // C.5
                || (cp >= 0xFFF9 && cp <= 0xFFFD) // C.6 (and FFF9-FFFC of C.2.2)
                || (cp >= 0x2FF0 && cp <= 0x2FFB) // C.7
                || cp == 0x0340
                || cp == 0x0341
                || cp == 0x200E
                || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x206A && cp <= 0x206F) // C.8
                || cp == 0xE0001
                || (cp >= 0xE0020 && cp <= 0xE007F); // C.9
    }

    private static boolean isRandAl(int cp) {
        byte d = Character.getDirectionality(cp);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }
}
