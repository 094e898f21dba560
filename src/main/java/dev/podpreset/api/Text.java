package dev.podpreset.api;

/**
 * Text cut to the limits the API server puts on what we write (annotation values, Event messages,
 * admission warnings) and to what a log line or a violation should quote.
 */
public final class Text {
    private static final String ELLIPSIS = "...";

    private Text() {
    }

    /**
     * {@code text} when it has at most {@code max} characters; else its start and {@code "..."}, {@code max}
     * characters in all. A surrogate pair is never split, so the result may be one character shorter.
     */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        if (max < ELLIPSIS.length()) {
            throw new IllegalArgumentException("cannot cut to fewer characters than \"...\" has: " + max);
        }
        int end = max - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }
}
