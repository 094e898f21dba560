package dev.podpreset.injection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One preset's application to the draft: its undo log and the conflicts found so far. */
final class Merge {
    final PodDraft draft;
    /** The pod's namespace, where env values of {@code namespaceFieldRef} come from. */
    final NamespaceMetadata namespace;
    final Transaction tx = new Transaction();
    final List<String> conflicts = new ArrayList<>();
    /** Values the preset needs from the namespace that it does not have: each once, whichever containers need it. */
    final Set<String> unresolved = new LinkedHashSet<>();

    Merge(PodDraft draft, NamespaceMetadata namespace) {
        this.draft = draft;
        this.namespace = namespace;
    }

    /** Records a conflict; {@code what} names the field and key, {@code slots} where it is. */
    void conflict(String what, Slots slots) {
        conflicts.add(what + slots.where());
    }

    /** Records a value the preset cannot have, worded whole ({@code namespace label "team" is not set}). */
    void unresolved(String why) {
        unresolved.add(why);
    }

    boolean failed() {
        return !conflicts.isEmpty() || !unresolved.isEmpty();
    }
}
