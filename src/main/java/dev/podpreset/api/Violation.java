package dev.podpreset.api;

/** One reason a preset is invalid, with the path of the offending field ({@code spec.env[2].name}). */
public record Violation(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
