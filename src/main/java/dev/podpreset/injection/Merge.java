package dev.podpreset.injection;

import java.util.ArrayList;
import java.util.List;

/** One preset's application to the draft: its undo log and the conflicts found so far. */
final class Merge {
    final PodDraft draft;
    final Transaction tx = new Transaction();
    final List<String> conflicts = new ArrayList<>();

    Merge(PodDraft draft) {
        this.draft = draft;
    }

    /** Records a conflict; {@code what} names the field and key, {@code slots} where it is. */
    void conflict(String what, Slots slots) {
        conflicts.add(what + slots.where());
    }
}
