package dev.podpreset.injection;

import java.util.ArrayList;
import java.util.List;

/** Undo log that makes one preset's application atomic: on conflict everything it did is undone. */
final class Transaction {
    private final List<Runnable> undo = new ArrayList<>();

    void onRollback(Runnable action) {
        undo.add(action);
    }

    /** Takes over what {@code other} would undo, after what this one would; {@code other} is left empty. */
    void adopt(Transaction other) {
        undo.addAll(other.undo);
        other.undo.clear();
    }

    void rollback() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
        undo.clear();
    }
}
