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
    /** On a pod: {@code "a,b"}, more container names that receive nothing unless targeted (see {@link IgnoredContainers}). */
    public static final String IGNORE_CONTAINERS = PREFIX + "ignore-containers";
    /** On a namespace: {@code disabled} forbids the controller to restart workloads there. */
    public static final String RESTART = PREFIX + "restart";
    /** On a pod template: when the controller last restarted the workload, as kubectl rollout restart does. */
    public static final String RESTARTED_AT = PREFIX + "restartedAt";
    static final String SKIPPED = "skipped-";
    static final String AUDIT = "audit-";
    static final String RESTARTED_FOR = "restarted-for-";
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

    /**
     * {@code podpreset.dev/audit-<kind>-<name>}: what an audit preset would do, valued {@code "<generation>; would
     * apply"} or {@code "<generation>; would conflict: <conflict>"}. Same 63-character rule as {@link #applied}.
     */
    public static String audit(PresetKind kind, String presetName) {
        return PREFIX + namePart(AUDIT + kind.annotationPrefix() + "-", presetName);
    }

    /**
     * {@code podpreset.dev/restarted-for-<kind>-<name>} on a workload, valued with the preset generation the
     * controller restarted it for, so that it never restarts it twice for one generation. Same 63-character rule.
     */
    public static String restartedFor(PresetKind kind, String presetName) {
        return PREFIX + namePart(RESTARTED_FOR + kind.annotationPrefix() + "-", presetName);
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
