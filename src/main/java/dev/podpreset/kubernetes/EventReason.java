package dev.podpreset.kubernetes;

/**
 * The reason of an Event we record, with its type: one CamelCase word for machines ({@code kubectl get events}
 * shows it), as an enum constant of the component that records it.
 */
public interface EventReason {
    /** {@code Normal} or {@code Warning}. */
    enum Type { Normal, Warning }

    /** The Event's reason, e.g. {@code PresetInvalid}. */
    String reason();

    Type type();
}
