package dev.podpreset.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code namespaceFieldRef.fieldPath} read: the namespace's name, or one of its labels or annotations.
 *
 * @param key the label or annotation key; empty for the name
 */
public record NamespaceFieldPath(Source source, String key) {
    /** The same subscript syntax as the downward API's {@code metadata.labels['<key>']}. */
    private static final Pattern SUBSCRIPTED = Pattern.compile("metadata\\.(labels|annotations)\\['([^']*)'\\]");

    /** Which part of the namespace's metadata a value comes from. */
    public enum Source {
        NAME("name"), LABEL("label"), ANNOTATION("annotation");

        private final String word;

        Source(String word) {
            this.word = word;
        }

        /** "label": how messages name it. */
        public String word() {
            return word;
        }
    }

    /** The path read, or null when it is none of {@code metadata.name}, {@code metadata.labels['<key>']}, {@code metadata.annotations['<key>']}. */
    public static NamespaceFieldPath parse(String fieldPath) {
        if ("metadata.name".equals(fieldPath)) {
            return new NamespaceFieldPath(Source.NAME, "");
        }
        Matcher m = fieldPath == null ? null : SUBSCRIPTED.matcher(fieldPath);
        if (m == null || !m.matches()) {
            return null;
        }
        return new NamespaceFieldPath(m.group(1).equals("labels") ? Source.LABEL : Source.ANNOTATION, m.group(2));
    }
}
