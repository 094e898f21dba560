package dev.podpreset.presets;

/** A YAML or JSON stream that cannot be read: which source, document and line, and why. */
public final class YamlSyntaxException extends Exception {
    private final String source;
    private final int document;
    private final int line;
    private final String reason;

    YamlSyntaxException(String source, int document, int line, String reason) {
        super(source + ":" + line + ": " + reason, null, false, false);
        this.source = source;
        this.document = document;
        this.line = line;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    /** The number of the document the error is in, from 1. */
    public int document() {
        return document;
    }

    public int line() {
        return line;
    }

    /** Why, without the source and line. */
    public String reason() {
        return reason;
    }
}
