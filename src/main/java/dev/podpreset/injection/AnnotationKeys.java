package dev.podpreset.injection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The pod annotations this webhook reads and writes. */
public final class AnnotationKeys {
    public static final String PREFIX = "podpreset.dev/";
    public static final String EXCLUDE = PREFIX + "exclude";
    public static final String LEGACY_EXCLUDE = "podpreset.admission.kubernetes.io/exclude";
    public static final String MIRROR = "kubernetes.io/config.mirror";
    static final String SKIPPED = "skipped-";
    private static final int MAX_NAME_PART = 63;
    private static final int KEPT_CHARS = 54;

    private AnnotationKeys() {
    }

    /**
     * {@code podpreset.dev/<kind>-<name>}. A name part over 63 characters becomes its first 54
     * characters, '-', and 8 hex digits of the SHA-256 of the preset name: unique in practice and
     * always a valid key.
     */
    public static String applied(PresetKind kind, String presetName) {
        return PREFIX + namePart(kind.annotationPrefix() + "-", presetName);
    }

    /**
     * {@code podpreset.dev/skipped-<kind>-<name>}: a preset skipped on a conflict, valued
     * {@code "<generation>; <conflict>"}. Same 63-character rule as {@link #applied}.
     */
    public static String skipped(PresetKind kind, String presetName) {
        return PREFIX + namePart(SKIPPED + kind.annotationPrefix() + "-", presetName);
    }

    private static String namePart(String kindPrefix, String presetName) {
        String namePart = kindPrefix + presetName;
        if (namePart.length() > MAX_NAME_PART) {
            namePart = namePart.substring(0, KEPT_CHARS) + "-" + sha256Hex(presetName).substring(0, 8);
        }
        return namePart;
    }

    private static String sha256Hex(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
